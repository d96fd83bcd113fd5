"""A steep smooth front: u_t + u_x = 0 with u(x, 0) = tanh((x - 0.3) / 0.01).

Written in session 15 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 30); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
exact = sp.tanh((x - t - 0.3) / 0.01)
problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 0.5)), name="steep-front")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))
problem.condition("init", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("inflow", sp.Eq(u(0, t), exact.subs(x, 0)))
problem.exact(exact)
