"""Steady transport with absorption through a cube: u_x + u_y/2 + u_z/4 + u = f on [0, 1]^3,
the data entering through x = 0, y = 0 and z = 0.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
u = sp.Function("u")
exact = sp.sin(2 * x - y + 3 * z) * sp.exp(-x) + y * z
U = u(x, y, z)


def op(w):
    return w.diff(x) + w.diff(y) / 2 + w.diff(z) / 4 + w


problem = Problem(U, Box(x=(0, 1), y=(0, 1), z=(0, 1)), name="cube-reaction")
problem.equation("pde", sp.Eq(op(U), op(exact)))
problem.inflow("inflow", sp.Eq(U, exact))
problem.exact(exact)
