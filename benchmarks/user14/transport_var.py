"""Steady transport with a variable flow and decay: (1 + y) u_x + u_y + u = f.

Written in session 14 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 29); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
U = u(x, y)
t = Problem(U, Box(x=(0, 2), y=(0, 1)), name="transport-var")
t.equation("pde", sp.Eq((1 + y) * U.diff(x) + U.diff(y) + U, 0))
t.condition("inflow-x", sp.Eq(u(0, y), 0))
t.condition("inflow-y", sp.Eq(u(x, 0), 0))
problem = t.manufactured(sp.sin(2 * x + y) * sp.exp(-x / 2) + sp.cos(3 * y))
