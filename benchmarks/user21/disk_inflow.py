"""Steady transport across a disk: u_x + 0.5 u_y = -u + f, the data entering on the
upwind half of the circle.
"""

import sympy as sp

from pinnls import Disk, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
exact = sp.cos(3 * x - y) * sp.exp(-y / 2)
U = u(x, y)
disk = Disk(center=(0, 0), radius=1)

problem = Problem(U, disk, name="disk-inflow")
problem.equation(
    "pde", sp.Eq(U.diff(x) + U.diff(y) / 2 + U, exact.diff(x) + exact.diff(y) / 2 + exact)
)
problem.inflow("inflow", sp.Eq(U, exact))
problem.exact(exact)
