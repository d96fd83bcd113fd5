"""A hat carried to the right: u_t + 0.5 u_x = 0, u = max(0, 1 - |x - t/2 - 0.3| / 0.1).

Written in session 15 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 30); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")


def hat(s):
    return sp.Max(0, 1 - sp.Abs(s - 0.3) / 0.1)


problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="hat-pulse")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x) / 2, 0))
problem.condition("init", sp.Eq(u(x, 0), hat(x)))
problem.condition("inflow", sp.Eq(u(0, t), 0))
problem.exact(hat(x - t / 2))
