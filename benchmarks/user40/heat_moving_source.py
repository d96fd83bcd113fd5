"""2-D heat with a moving Gaussian heat source: u_t = kappa (u_xx + u_yy) + f.

Domain: x in [0, 1], y in [0, 1], t in [0, 1]; diffusivity kappa = 1/20.

Conditions: u given at t = 0; u given on the four walls x = 0, x = 1, y = 0, y = 1
(Dirichlet). All data are the exact solution's.

Exact solution (manufactured, the source f = u_t - kappa (u_xx + u_yy) is derived from it, a
heat source that travels with the spot): a Gaussian hot spot of width 0.2 at y = 0.5 that moves
from x = 0.3 to x = 0.7 at speed 0.4 without spreading,

    u = exp(-((x - 0.3 - 0.4 t)^2 + (y - 0.5)^2) / 0.04).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
R = sp.Rational
kappa = R(1, 20)
exact = sp.exp(-((x - R(3, 10) - R(2, 5) * t) ** 2 + (y - R(1, 2)) ** 2) / R(1, 25))


def operator(w):
    """u_t - kappa (u_xx + u_yy), applied to w."""
    return w.diff(t) - kappa * (w.diff(x, 2) + w.diff(y, 2))


domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="heat-moving-source")
U = u(x, y, t)
problem.equation("pde", sp.Eq(operator(U), operator(exact)))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
for axis in (x, y):
    for value in (0, 1):
        problem.condition(
            f"wall-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value))
        )
problem.exact(exact)
