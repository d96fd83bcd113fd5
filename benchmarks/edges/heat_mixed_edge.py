"""Heat in a rectangle whose bottom edge is held left of the origin and insulated right of it:
the condition changes type at (0, 0), in the middle of a straight edge, and the solution grows
there like r^(1/2), with a strength that changes in time.

    u_t = u_xx + u_yy + f     in (-1, 1) x (0, 1), 0 < t < 1
    u = exact                 at t = 0, on y = 0 for x < 0 (zero there) and on the other edges
    du/dn = exact's           on y = 0, x > 0 (zero there)

Exact solution: u = (1 + t) sqrt((r + x) / 2) + exp(-t) cos(x) cos(y) / 2 (r = sqrt(x^2 + y^2)),
the first term r^(1/2) cos(theta / 2) times 1 + t; f = u_t - lap u = sqrt((r + x) / 2), since
both terms in space are harmonic or decay as the heat equation's own.
"""

import sympy as sp

from pinnls import Box, Polygon, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

r = sp.sqrt(x**2 + y**2)
exact = (1 + t) * sp.sqrt((r + x) / 2) + sp.exp(-2 * t) * sp.cos(x) * sp.cos(y) / 2

plate = Polygon([(-1, 0), (1, 0), (1, 1), (-1, 1)])
domain = plate * Box(t=(0, 1))
problem = Problem(u(x, y, t), domain, name="heat-mixed-edge")
U = u(x, y, t)


def heat(v):
    return v.diff(t) - v.diff(x, 2) - v.diff(y, 2)


problem.equation("pde", sp.Eq(heat(U), sp.simplify(heat(exact))))
eps = 1e-9
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
held = sp.And(y < eps, x < 0)
insulated = sp.And(y < eps, x >= 0)
problem.condition("held", sp.Eq(U, exact), on=domain.boundary.where(held))
problem.condition(
    "insulated", sp.Eq(-U.diff(y), -exact.diff(y)), on=domain.boundary.where(insulated)
)
problem.condition("walls", sp.Eq(U, exact), on=domain.boundary.where(y > eps))
problem.exact(exact)
