"""A damped membrane (telegraph equation): u_tt + a u_t = c^2 (u_xx + u_yy).

Domain: a rectangular membrane 1.2 m x 0.8 m, x in [0, 1.2], y in [0, 0.8], over t in [0, 2] s.
Wave speed c = 1 m/s, damping a = 0.8 1/s (air drag on the membrane).

Conditions: displacement and velocity at t = 0; the clamped rim u = 0 on all four edges.

Exact solution: two damped standing modes, (1,1) and (2,1), each
exp(-a t / 2) cos(W t) sin(m pi x / Lx) sin(n pi y / Ly) with W = sqrt(c^2 k^2 - a^2 / 4):

    u = exp(-0.4 t) [cos(W11 t) s11 + 0.5 cos(W21 t) s21].
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
R = sp.Rational
Lx, Ly = R(6, 5), R(4, 5)
c = 1
a = R(4, 5)


def mode(m, n, amplitude):
    k2 = (m * sp.pi / Lx) ** 2 + (n * sp.pi / Ly) ** 2
    w = sp.sqrt(c**2 * k2 - a**2 / 4)
    shape = sp.sin(m * sp.pi * x / Lx) * sp.sin(n * sp.pi * y / Ly)
    return amplitude * sp.exp(-a * t / 2) * sp.cos(w * t) * shape


exact = mode(1, 1, 1) + mode(2, 1, R(1, 2))

domain = Box(x=(0, Lx), y=(0, Ly), t=(0, 2))
problem = Problem(u(x, y, t), domain, name="telegraph-lossy-membrane")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t, 2) + a * U.diff(t), c**2 * (U.diff(x, 2) + U.diff(y, 2))))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("velocity", sp.Eq(U.diff(t).subs(t, 0), exact.diff(t).subs(t, 0)))
for axis, value in [(x, 0), (x, Lx), (y, 0), (y, Ly)]:
    name = f"rim-{axis}{'0' if value == 0 else '1'}"
    problem.condition(name, sp.Eq(U.subs(axis, value), 0))
problem.exact(exact)
