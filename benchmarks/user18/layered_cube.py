"""Poisson in a cube whose solution oscillates along z six times faster than along x and y."""

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
u = sp.Function("u")
exact = sp.sin(sp.pi * x) * sp.sin(sp.pi * y) * sp.sin(12 * sp.pi * z)

problem = Problem(u(x, y, z), Box(x=(0, 1), y=(0, 1), z=(0, 1)), name="layered-cube")
U = u(x, y, z)
source = -(exact.diff(x, 2) + exact.diff(y, 2) + exact.diff(z, 2))
problem.equation("pde", sp.Eq(-(U.diff(x, 2) + U.diff(y, 2) + U.diff(z, 2)), source))
for axis in (x, y, z):
    for value in (0, 1):
        problem.condition(f"wall-{axis}{value}", sp.Eq(U.subs(axis, value), 0))
problem.exact(exact)
