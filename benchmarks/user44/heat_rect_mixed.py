"""2-D heat equation on a 2:1 rectangle: u_t = kappa (u_xx + u_yy).

Domain: x in [0, 2], y in [0, 1], t in [0, 1]; kappa = 0.2.

Conditions: u given at t = 0 and on all four walls x = 0, x = 2, y = 0, y = 1 (Dirichlet,
from the exact solution: the walls carry the steady part, and the decaying part on y = 0 and
y = 1 is zero only at x = 0, 1, 2).

Exact solution: a decaying mode times a linear polynomial in y (the polynomial has no second
derivative, so the mode decays at the rate kappa pi^2 of sin(pi x) alone), plus a steady
harmonic part:

    u = sin(pi x) (1 + 2 y) exp(-kappa pi^2 t) + (x^2 - y^2) / 4 + x y / 2.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
kappa = sp.Rational(1, 5)
exact = (
    sp.sin(sp.pi * x) * (1 + 2 * y) * sp.exp(-kappa * sp.pi**2 * t) + (x**2 - y**2) / 4 + x * y / 2
)

domain = Box(x=(0, 2), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="heat-rect-mixed")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t), kappa * (U.diff(x, 2) + U.diff(y, 2))))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
for axis, value in [(x, 0), (x, 2), (y, 0), (y, 1)]:
    problem.condition(f"wall-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value)))
problem.exact(exact)
