"""u_t + u_x = 0 on [0, 2] x [0, 1]: a square pulse, u = 1 where 0.2 < x - t < 0.5, else 0.

The data jump, so the solution does: smooth features smear the edges (rel L2 0.20 with the
defaults before), while a step across each plane x - t = 0.2 and x - t = 0.5, which the
automatic strategy draws among its aligned features, solves it to rounding
(docs/benchmarks.md, section 30).
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")


def pulse(s):
    return sp.Piecewise((1, (s > 0.2) & (s < 0.5)), (0, True))


problem = Problem(u(x, t), Box(x=(0, 2), t=(0, 1)), name="square-pulse")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))
problem.condition("initial", sp.Eq(u(x, 0), pulse(x)))
problem.condition("inflow", sp.Eq(u(0, t), 0))
problem.exact(pulse(x - t))
