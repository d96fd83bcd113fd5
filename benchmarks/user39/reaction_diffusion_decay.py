"""Reaction-diffusion with decay: u_t = nu (u_xx + u_yy) - c u, a spot that spreads and fades.

Domain: the unit square x, y in [0, 1], t in [0, 2]; diffusivity nu = 1/100, decay rate c = 1.

Conditions: u given at t = 0; u given on x = 0, x = 1 and y = 1 (Dirichlet); on the bottom
y = 0 a Robin (convective) condition -u_y + 2 u = g, with -u_y the outward normal derivative.
All data are the exact solution's.

Exact solution: the heat kernel times the decay, a Gaussian spot of initial width
s0 = 0.15 centred at (0.4, 0.6) whose width grows as s(t)^2 = s0^2 + 4 nu t while its
amplitude falls as (s0 / s)^2 exp(-c t),

    u = (s0^2 / s^2) exp(-((x - 0.4)^2 + (y - 0.6)^2) / s^2) exp(-c t)
        + 0.3 sin(2 pi x) sin(2 pi y) exp(-(c + 8 pi^2 nu) t),

plus a decaying Fourier mode of one period in each direction. Both parts solve the equation
without a source; by t = 2 the spot's peak has fallen to 0.03 and the mode to 0.028 of
its initial size.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
R = sp.Rational
nu, c = R(1, 100), 1
s0 = R(3, 20)
s2 = s0**2 + 4 * nu * t
spot = s0**2 / s2 * sp.exp(-((x - R(2, 5)) ** 2 + (y - R(3, 5)) ** 2) / s2) * sp.exp(-c * t)
mode = (
    R(3, 10) * sp.sin(2 * sp.pi * x) * sp.sin(2 * sp.pi * y) * sp.exp(-(c + 8 * sp.pi**2 * nu) * t)
)
exact = spot + mode


def robin(w):
    """-w_y + 2 w on y = 0."""
    return -w.diff(y).subs(y, 0) + 2 * w.subs(y, 0)


domain = Box(x=(0, 1), y=(0, 1), t=(0, 2))
problem = Problem(u(x, y, t), domain, name="reaction-diffusion-decay")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t), nu * (U.diff(x, 2) + U.diff(y, 2)) - c * U))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("left", sp.Eq(u(0, y, t), exact.subs(x, 0)))
problem.condition("right", sp.Eq(u(1, y, t), exact.subs(x, 1)))
problem.condition("top", sp.Eq(u(x, 1, t), exact.subs(y, 1)))
problem.condition("robin-bottom", sp.Eq(robin(U), robin(exact)))
problem.exact(exact)
