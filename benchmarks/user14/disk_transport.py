"""Steady transport with decay across a disk: u_x + u_y / 2 + u = 0, inflow on the rim.

Written in session 14 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 29); not tuned.
"""

import sympy as sp

from pinnls import Disk, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
U = u(x, y)
# steady transport with flow (1, 0.5) across a disk: inflow on the left part of the rim
exact = sp.exp(-(((y - 0.5 * x - 0.1) / 0.3) ** 2)) * sp.exp(-x)
t = Problem(U, Disk(center=(0, 0), radius=1), name="disk-transport")
t.equation("pde", sp.Eq(U.diff(x) + 0.5 * U.diff(y) + U, 0))
t.inflow("inflow", sp.Eq(U, exact))
t.exact(exact)
problem = t
