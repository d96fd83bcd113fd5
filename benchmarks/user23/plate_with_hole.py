"""Steady heat in a square plate with a round hole, written as a user would: Laplace's
equation on [0, 1]^2 minus the disk of radius 0.2 around (0.5, 0.5), the harmonic
u = exp(2 x) cos(2 y) + x y given on the outer edges and on the hole's rim."""

import sympy as sp

from pinnls import Box, Disk, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
exact = sp.exp(2 * x) * sp.cos(2 * y) + x * y
plate = Box(x=(0, 1), y=(0, 1)) - Disk(center=(0.5, 0.5), radius=sp.Rational(1, 5))
problem = Problem(u(x, y), plate, name="plate-with-hole")
U = u(x, y)
problem.equation("heat", sp.Eq(U.diff(x, 2) + U.diff(y, 2), 0))
problem.condition("edges", sp.Eq(U, exact), on=plate.boundary)
problem.exact(exact)
