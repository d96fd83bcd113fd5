"""Poisson on a square plate with a round hole: -(u_xx + u_yy) = f.

Domain: the unit square minus the disk of radius 0.2 about (0.5, 0.5); no time axis.

Conditions: u given on the four outer edges (Dirichlet); the normal flux n . grad u given on
the hole's rim (Neumann), n the shape's outward unit normal (plate.normal), which on the rim
points into the hole. All data are the exact solution's.

Exact solution: a harmonic polynomial plus a smooth Gaussian bump (f = -Δ of the bump):

    u = x^2 - y^2 + 3 x y - x + exp(-((x - 0.25)^2 + (y - 0.75)^2) / 0.02).
"""

import sympy as sp

from pinnls import Box, Disk, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
R = sp.Rational
bump = sp.exp(-((x - R(1, 4)) ** 2 + (y - R(3, 4)) ** 2) / R(2, 100))
exact = x**2 - y**2 + 3 * x * y - x + bump

plate = Box(x=(0, 1), y=(0, 1)) - Disk(center=(0.5, 0.5), radius=0.2)
n = plate.normal
problem = Problem(u(x, y), plate, name="poisson-hole-neumann")
U = u(x, y)
problem.equation(
    "pde", sp.Eq(-(U.diff(x, 2) + U.diff(y, 2)), -(exact.diff(x, 2) + exact.diff(y, 2)))
)
rim = (x - 0.5) ** 2 + (y - 0.5) ** 2 < 0.3**2  # the hole's edge, away from the square's edges
problem.condition("outer", sp.Eq(U, exact), on=plate.boundary.where(sp.Not(rim)))
problem.condition(
    "rim",
    sp.Eq(n[0] * U.diff(x) + n[1] * U.diff(y), n[0] * exact.diff(x) + n[1] * exact.diff(y)),
    on=plate.boundary.where(rim),
)
problem.exact(exact)
