"""A Gaussian drifting and spreading on a long interval: u_t + 0.5 u_x = 0.05 u_xx.

Written in session 14 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 29); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
U = u(x, t)
exact = sp.exp(-((x - 0.5 * t) ** 2) / (1 + 0.2 * t)) / sp.sqrt(1 + 0.2 * t)
problem = Problem(U, Box(x=(-5, 5), t=(0, 10)), name="spread")
problem.equation("pde", sp.Eq(U.diff(t) + 0.5 * U.diff(x), 0.05 * U.diff(x, 2)))
problem.condition("init", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("l", sp.Eq(u(-5, t), exact.subs(x, -5)))
problem.condition("r", sp.Eq(u(5, t), exact.subs(x, 5)))
problem.exact(exact)
