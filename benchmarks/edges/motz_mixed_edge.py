"""A Motz-type problem: Laplace's equation on the rectangle (-1, 1) x (0, 1) whose bottom edge is
held at a given value left of the origin and insulated right of it. The condition changes type
at (0, 0), in the middle of a straight edge, and the solution behaves there like r^(1/2).

    u_xx + u_yy = 0            in (-1, 1) x (0, 1)
    u = exact                  on y = 0, x < 0 (zero there) and on the other three edges
    du/dn = exact's            on y = 0, x > 0 (zero there: -u_y = 0)

Exact solution: u = sqrt((r + x) / 2) + exp(x) sin(y) / 4, with r = sqrt(x^2 + y^2). The first
term is Re(sqrt(x + i y)) = r^(1/2) cos(theta / 2): harmonic, zero on the negative x axis,
with zero normal derivative on the positive one; the second is harmonic and smooth.
"""

import sympy as sp

from pinnls import Polygon, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")

r = sp.sqrt(x**2 + y**2)
exact = sp.sqrt((r + x) / 2) + sp.exp(x) * sp.sin(y) / 4

plate = Polygon([(-1, 0), (1, 0), (1, 1), (-1, 1)])
problem = Problem(u(x, y), plate, name="motz-mixed-edge")
U = u(x, y)
problem.equation("pde", sp.Eq(U.diff(x, 2) + U.diff(y, 2), 0))
eps = 1e-9
held = sp.And(y < eps, x < 0)
insulated = sp.And(y < eps, x >= 0)
problem.condition("held", sp.Eq(U, exact), on=plate.boundary.where(held))
problem.condition(
    "insulated", sp.Eq(-U.diff(y), -exact.diff(y)), on=plate.boundary.where(insulated)
)
problem.condition("walls", sp.Eq(U, exact), on=plate.boundary.where(y > eps))
problem.exact(exact)
