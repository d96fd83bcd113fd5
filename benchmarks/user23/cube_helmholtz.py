"""A Helmholtz field in the unit cube, written as a user would:
-lap u - 9 u = 0 with u = sin(3 x) cos(4 y) cosh(4 z) + cos(2 x + 2 y + z) on the faces."""

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
u = sp.Function("u")
exact = sp.sin(3 * x) * sp.cos(4 * y) * sp.cosh(4 * z) + sp.cos(2 * x + 2 * y + z)
problem = Problem(u(x, y, z), Box(x=(0, 1), y=(0, 1), z=(0, 1)), name="cube-helmholtz")
U = u(x, y, z)
problem.equation("pde", sp.Eq(-U.diff(x, 2) - U.diff(y, 2) - U.diff(z, 2) - 9 * U, 0))
for side in (x, y, z):
    for value in (0, 1):
        problem.condition(
            f"face-{side}{value}", sp.Eq(U.subs(side, value), exact.subs(side, value))
        )
problem.exact(exact)
