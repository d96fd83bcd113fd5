"""Linear Klein-Gordon: u_tt - u_xx + u = 0.

Written in session 14 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 29); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
U = u(x, t)
k = 2 * sp.pi
exact = sp.sin(k * x) * sp.cos(sp.sqrt(k**2 + 1) * t)
problem = Problem(U, Box(x=(-1, 1), t=(0, 2)), name="klein-gordon")
problem.equation("pde", sp.Eq(U.diff(t, 2) - U.diff(x, 2) + U, 0))
problem.condition("u0", sp.Eq(u(x, 0), sp.sin(k * x)))
problem.condition("v0", sp.Eq(U.diff(t).subs(t, 0), 0))
problem.condition("l", sp.Eq(u(-1, t), 0))
problem.condition("r", sp.Eq(u(1, t), 0))
problem.exact(exact)
