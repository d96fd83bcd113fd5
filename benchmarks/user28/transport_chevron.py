"""A Gaussian pulse carried across a non-convex chevron-shaped plate.

PDE:    u_t + 0.8 u_x + 0.3 u_y = 0
Domain: Polygon (0,0), (1,0), (1.5,0.5), (1,1), (0,1), (0.5,0.5)  x  t in [0, 1]
        (re-entrant corner at (0.5, 0.5); the pulse leaves through the right edges)
Data:   u at t = 0; inflow (where a.n < 0) from the exact solution.
Exact:  u = exp(-((x - 0.6 - 0.8 t)^2 + (y - 0.4 - 0.3 t)^2) / 0.1^2).
"""

import sympy as sp

from pinnls import Box, Polygon, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
ax, ay = sp.Rational(8, 10), sp.Rational(3, 10)


def g(px, py):
    return sp.exp(
        -((px - sp.Rational(6, 10)) ** 2 + (py - sp.Rational(4, 10)) ** 2) / sp.Rational(1, 10) ** 2
    )


exact = g(x - ax * t, y - ay * t)
plate = Polygon([(0, 0), (1, 0), (1.5, 0.5), (1, 1), (0, 1), (0.5, 0.5)])
domain = plate * Box(t=(0, 1))
problem = Problem(u(x, y, t), domain, name="transport-chevron")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t) + ax * U.diff(x) + ay * U.diff(y), 0))
problem.condition("initial", sp.Eq(u(x, y, 0), g(x, y)))
problem.inflow("inflow", sp.Eq(U, exact))
problem.exact(exact)
