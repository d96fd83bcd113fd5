"""A square pulse stretched by a speed that grows along x: u_t + (1 + x) u_x = 0.

The characteristics are (1 + x) = (1 + x0) exp(t).

Written in session 15 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 30); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")


def pulse(s):
    return sp.Piecewise((1, (s > 0.2) & (s < 0.5)), (0, True))


problem = Problem(u(x, t), Box(x=(0, 2), t=(0, 0.5)), name="square-stretch")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + (1 + x) * u(x, t).diff(x), 0))
problem.condition("init", sp.Eq(u(x, 0), pulse(x)))
problem.condition("inflow", sp.Eq(u(0, t), 0))
problem.exact(pulse((1 + x) * sp.exp(-t) - 1))
