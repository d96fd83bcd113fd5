"""A pulse in a time-periodic shear flow, three periods (sheared out and back, three times).

PDE:    u_t + 4 cos(2 pi t) sin(pi y) u_x = 0
Domain: x in [0, 2], y in [0, 1], t in [0, 3]
Data:   u at t = 0; inflow (x = 0 or x = 2, alternating with the sign of cos) from the exact
        solution.
Exact:  u = g(x - 4 sin(pi y) sin(2 pi t) / (2 pi), y),
        g(x, y) = exp(-((x - 1)/0.1)^2 - ((y - 0.5)/0.15)^2).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")


def g(px, py):
    return sp.exp(
        -(((px - 1) / sp.Rational(1, 10)) ** 2)
        - ((py - sp.Rational(1, 2)) / sp.Rational(15, 100)) ** 2
    )


A = 4
exact = g(x - A * sp.sin(sp.pi * y) * sp.sin(2 * sp.pi * t) / (2 * sp.pi), y)

domain = Box(x=(0, 2), y=(0, 1), t=(0, 3))
problem = Problem(u(x, y, t), domain, name="transport-oscillating-shear")
U = u(x, y, t)
problem.equation(
    "pde", sp.Eq(U.diff(t) + A * sp.cos(2 * sp.pi * t) * sp.sin(sp.pi * y) * U.diff(x), 0)
)
problem.condition("initial", sp.Eq(u(x, y, 0), g(x, y)))
problem.inflow("inflow", sp.Eq(U, exact))
problem.exact(exact)
