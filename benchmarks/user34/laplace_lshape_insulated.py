"""Laplace's equation on the L-shaped plate (-1, 1)^2 without its lower right quarter, with the
two edges of the notch insulated: the corner singularity of a Neumann corner.

    u_xx + u_yy = 0     in  (-1, 1)^2 minus [0, 1] x [-1, 0]
    du/dn = 0           on the notch's edges y = 0, 0 < x < 1 and x = 0, -1 < y < 0
    u = exact           on the outer edges x = -1, y = 1, x = 1 (0 < y < 1), y = -1 (-1 < x < 0)

Exact solution, the first two terms of the expansion at an insulated corner of interior angle
alpha = 3 pi / 2 (lambda_k = k pi / alpha = 2k/3):

    u = r^(2/3) cos(2 theta / 3) + 1/2 r^(4/3) cos(4 theta / 3),

with (r, theta) polar about the re-entrant corner (0, 0) and theta in [0, 3 pi / 2] measured
counter-clockwise from the edge y = 0, x > 0 to the edge x = 0, y < 0. theta is atan2 turned so
that its branch cut lies along the ray y = -x, x > 0, inside the missing quarter:
theta = 3 pi / 4 + atan2(-x - y, y - x). Each term is harmonic, and d/dtheta of cos(2k theta / 3)
vanishes at theta = 0 and theta = 3 pi / 2, so the notch's edges carry zero flux.

Well posed: a mixed Dirichlet-Neumann problem with Dirichlet data on a part of the boundary of
positive length fixes u (no free constant); u has finite energy (it is in H^1).

Hard: grad u ~ r^(-1/3) is unbounded at (0, 0), u is only in H^(5/3 - eps), and u does not
vanish at the corner's edges (u = r^(2/3) on one, -r^(2/3) + ... on the other), so a smooth basis
on the bounding box converges only algebraically near the corner.
"""

import sympy as sp

from pinnls import Polygon, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")

r = sp.sqrt(x**2 + y**2)
theta = 3 * sp.pi / 4 + sp.atan2(-x - y, y - x)  # in [0, 3 pi / 2] on the plate
exact = (
    r ** sp.Rational(2, 3) * sp.cos(2 * theta / 3)
    + r ** sp.Rational(4, 3) * sp.cos(4 * theta / 3) / 2
)

plate = Polygon([(-1, -1), (0, -1), (0, 0), (1, 0), (1, 1), (-1, 1)])
n = plate.normal
problem = Problem(u(x, y), plate, name="laplace-lshape-insulated")
problem.equation("pde", sp.Eq(u(x, y).diff(x, 2) + u(x, y).diff(y, 2), 0))
eps = 1e-9
notch = sp.Or(
    sp.And(y > -eps, y < eps, x > -eps),  # y = 0, 0 <= x <= 1
    sp.And(x > -eps, x < eps, y < eps),  # x = 0, -1 <= y <= 0
)
flux = n[0] * u(x, y).diff(x) + n[1] * u(x, y).diff(y)
problem.condition("notch", sp.Eq(flux, 0), on=plate.boundary.where(notch))
problem.condition("outer", sp.Eq(u(x, y), exact), on=plate.boundary.where(sp.Not(notch)))
problem.exact(exact)
