"""A plate whose bottom edge is hot on a strip and cold elsewhere: Laplace's equation on the
unit square with Dirichlet data that jump from 0 to 1 at x = 1/4 and back at x = 3/4.

    u_xx + u_yy = 0     in (0, 1) x (0, 1)
    u = 1               on y = 0, 1/4 < x < 3/4
    u = 0               on y = 0 elsewhere
    u = exact           on the other three edges (smooth there)

Exact solution: the upper half plane's, u = (atan2(y, x - 3/4) - atan2(y, x - 1/4)) / pi
(theta_b - theta_a: 1 between the strip's ends on y = 0, 0 outside), harmonic for y > 0.
"""

import sympy as sp

from pinnls import Polygon, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")

a, b = sp.Rational(1, 4), sp.Rational(3, 4)
exact = (sp.atan2(y, x - b) - sp.atan2(y, x - a)) / sp.pi

plate = Polygon([(0, 0), (1, 0), (1, 1), (0, 1)])
problem = Problem(u(x, y), plate, name="hot-strip-jump")
U = u(x, y)
problem.equation("pde", sp.Eq(U.diff(x, 2) + U.diff(y, 2), 0))
eps = 1e-9
strip = sp.And(y < eps, x > a, x < b)
problem.condition("strip", sp.Eq(U, 1), on=plate.boundary.where(strip))
cold = sp.And(y < eps, sp.Or(x < a, x > b))
problem.condition("cold", sp.Eq(U, 0), on=plate.boundary.where(cold))
problem.condition("walls", sp.Eq(U, exact), on=plate.boundary.where(y > eps))
problem.exact(exact)
