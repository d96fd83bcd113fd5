"""A string over four periods: u_tt = u_xx.

Written in session 14 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 29); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
U = u(x, t)
exact = sp.sin(3 * sp.pi * x) * sp.cos(3 * sp.pi * t) + 0.5 * sp.sin(sp.pi * x) * sp.sin(sp.pi * t)
problem = Problem(U, Box(x=(0, 1), t=(0, 4)), name="wave-long")
problem.equation("pde", sp.Eq(U.diff(t, 2), U.diff(x, 2)))
problem.condition("u0", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("v0", sp.Eq(U.diff(t).subs(t, 0), sp.diff(exact, t).subs(t, 0)))
problem.condition("l", sp.Eq(u(0, t), 0))
problem.condition("r", sp.Eq(u(1, t), 0))
problem.exact(exact)
