"""Heat with an insulated end and a Robin end.

Written in session 14 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 29); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
exact = sp.exp(-t) * sp.cos(x)
U = u(x, t)
problem = Problem(U, Box(x=(0, 1), t=(0, 2)), name="robin-heat")
problem.equation("pde", sp.Eq(U.diff(t), U.diff(x, 2)))
problem.condition("init", sp.Eq(u(x, 0), sp.cos(x)))
problem.condition("insulated", sp.Eq(U.diff(x).subs(x, 0), 0))
problem.condition(
    "robin", sp.Eq(U.diff(x).subs(x, 1) + u(1, t), sp.exp(-t) * (sp.cos(1) - sp.sin(1)))
)
problem.exact(exact)
