"""Transport with a time-dependent speed, starting at t = 1: u_t + t u_x = 0.

Written in session 14 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 29); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
U = u(x, t)
exact = sp.sin(2 * sp.pi * (x - (t**2 - 1) / 2))
problem = Problem(U, Box(x=(0, 2), t=(1, 2)), name="late-start")
problem.equation("pde", sp.Eq(U.diff(t) + t * U.diff(x), 0))
problem.condition("init", sp.Eq(u(x, 1), exact.subs(t, 1)))
problem.condition("inflow", sp.Eq(u(0, t), exact.subs(x, 0)))
problem.exact(exact)
