"""A square pulse carried while it decays: u_t + u_x + u = 0, u = exp(-t) on 0.2 < x - t < 0.5.

Written in session 15 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 30); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")


def pulse(s):
    return sp.Piecewise((1, (s > 0.2) & (s < 0.5)), (0, True))


problem = Problem(u(x, t), Box(x=(0, 2), t=(0, 1)), name="square-decay")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x) + u(x, t), 0))
problem.condition("init", sp.Eq(u(x, 0), pulse(x)))
problem.condition("inflow", sp.Eq(u(0, t), 0))
problem.exact(pulse(x - t) * sp.exp(-t))
