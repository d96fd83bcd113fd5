"""A plume fed through two faces: u_t + u_x + u_y / 2 = 0, the data coming in at x = 0 and y = 0.

Written in session 15 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 30); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
U = u(x, y, t)
exact = sp.exp(-(((x - t) - 0.3) ** 2 + ((y - t / 2) - 0.3) ** 2) / 0.15**2) + sp.sin(
    2 * (y - t / 2) - (x - t)
)
problem = Problem(U, Box(x=(0, 1), y=(0, 1), t=(0, 1)), name="inflow-2d")
problem.equation("pde", sp.Eq(U.diff(t) + U.diff(x) + U.diff(y) / 2, 0))
problem.condition("init", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.inflow("in", sp.Eq(U, exact))
problem.exact(exact)
