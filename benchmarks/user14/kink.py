"""Transport of a profile with a kink: u_t + u_x = 0, u0 = |x - 0.3|.

Written in session 14 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 29); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
U = u(x, t)


def g(s):
    """The profile: a kink at 0.3."""
    return sp.Abs(s - 0.3)


problem = Problem(U, Box(x=(0, 1), t=(0, 0.5)), name="kink")
problem.equation("pde", sp.Eq(U.diff(t) + U.diff(x), 0))
problem.condition("init", sp.Eq(u(x, 0), g(x)))
problem.condition("inflow", sp.Eq(u(0, t), g(-t)))
problem.exact(g(x - t))
