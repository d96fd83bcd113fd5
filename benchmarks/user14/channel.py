"""Transport of a smoothed step: u_t + 2 u_x = 0 on a long channel in metres and seconds.

Written in session 14 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 29); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
U = u(x, t)
exact = (1 + sp.tanh((x - 2 * t - 200) / 20)) / 2
problem = Problem(U, Box(x=(0, 1000), t=(0, 300)), name="channel")
problem.equation("pde", sp.Eq(U.diff(t) + 2 * U.diff(x), 0))
problem.condition("init", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("inflow", sp.Eq(u(0, t), exact.subs(x, 0)))
problem.exact(exact)
