"""Steady transport with absorption in a cube: u_x + 2 u_y + 3 u_z + u = 0, inflow on three faces.

Written in session 15 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 30); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
u = sp.Function("u")
U = u(x, y, z)
exact = sp.exp(-x) * sp.cos(3 * (y - 2 * x)) * sp.sin(2 * (z - 3 * x) + 1)
problem = Problem(U, Box(x=(0, 1), y=(0, 1), z=(0, 1)), name="transport-3d-decay")
problem.equation("pde", sp.Eq(U.diff(x) + 2 * U.diff(y) + 3 * U.diff(z) + U, 0))
problem.inflow("in", sp.Eq(U, exact))
problem.exact(exact)
