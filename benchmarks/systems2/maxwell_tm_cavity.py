"""Maxwell's equations in TM form in a rectangular metal cavity: two cavity modes superposed.

The field (Ez, Hx, Hy) of a TM wave (permittivity eps = 2, permeability mu = 1/2, so the light
speed is c = 1 / sqrt(eps mu) = 1):

    eps Ez_t = Hy_x - Hx_y,        mu Hx_t = -Ez_y,        mu Hy_t = Ez_x,

on x in [0, 2], y in [0, 1], t in [0, 1]. The walls are perfect conductors: the tangential
electric field Ez vanishes on all four sides (one condition per side, as many as characteristic
speeds enter there: the speeds along the normal are -c, 0, c).

Data: Ez, Hx, Hy at t = 0 from the exact solution; Ez = 0 on the walls.

Exact: the cavity mode (m, n), with a = m pi / 2, b = n pi, frequency w = c sqrt(a^2 + b^2) and
phase phi,

    Ez = sin(a x) sin(b y) cos(w t + phi),
    Hx = -b / (mu w) sin(a x) cos(b y) sin(w t + phi),
    Hy =  a / (mu w) cos(a x) sin(b y) sin(w t + phi),

solves the system: mu Hx_t = -Ez_y and mu Hy_t = Ez_x by construction, and
Hy_x - Hx_y = -(a^2 + b^2) / (mu w) sin(a x) sin(b y) sin(w t + phi) = eps Ez_t since
w^2 = (a^2 + b^2) / (eps mu). Ez = 0 on x = 0, 2 (a x = 0, m pi) and y = 0, 1 (b y = 0, n pi).
The solution is the mode (1, 1) (phase 0) plus 0.6 times the mode (3, 1) (phase pi / 4).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
Ez, Hx, Hy = sp.Function("Ez"), sp.Function("Hx"), sp.Function("Hy")
eps, mu = 2, sp.Rational(1, 2)  # permittivity and permeability
Lx, Ly = 2, 1  # the cavity's sides


def mode(m, n, amplitude, phase):
    """The TM cavity mode (m, n): Ez, Hx, Hy."""
    a, b = m * sp.pi / Lx, n * sp.pi / Ly
    w = sp.sqrt((a**2 + b**2) / (eps * mu))
    return (
        amplitude * sp.sin(a * x) * sp.sin(b * y) * sp.cos(w * t + phase),
        -amplitude * b / (mu * w) * sp.sin(a * x) * sp.cos(b * y) * sp.sin(w * t + phase),
        amplitude * a / (mu * w) * sp.cos(a * x) * sp.sin(b * y) * sp.sin(w * t + phase),
    )


first, second = mode(1, 1, 1, 0), mode(3, 1, sp.Rational(3, 5), sp.pi / 4)
exact_ez, exact_hx, exact_hy = (f + g for f, g in zip(first, second))

domain = Box(x=(0, Lx), y=(0, Ly), t=(0, 1))
problem = Problem([Ez(x, y, t), Hx(x, y, t), Hy(x, y, t)], domain, name="maxwell-tm-cavity")
E, HX, HY = Ez(x, y, t), Hx(x, y, t), Hy(x, y, t)
problem.equation("ampere", sp.Eq(eps * E.diff(t), HY.diff(x) - HX.diff(y)))
problem.equation("faraday-x", sp.Eq(mu * HX.diff(t), -E.diff(y)))
problem.equation("faraday-y", sp.Eq(mu * HY.diff(t), E.diff(x)))
problem.condition("initial-Ez", sp.Eq(Ez(x, y, 0), exact_ez.subs(t, 0)))
problem.condition("initial-Hx", sp.Eq(Hx(x, y, 0), exact_hx.subs(t, 0)))
problem.condition("initial-Hy", sp.Eq(Hy(x, y, 0), exact_hy.subs(t, 0)))
problem.condition("pec-x0", sp.Eq(Ez(0, y, t), 0))
problem.condition("pec-x1", sp.Eq(Ez(Lx, y, t), 0))
problem.condition("pec-y0", sp.Eq(Ez(x, 0, t), 0))
problem.condition("pec-y1", sp.Eq(Ez(x, Ly, t), 0))
problem.exact({E: exact_ez, HX: exact_hx, HY: exact_hy})
