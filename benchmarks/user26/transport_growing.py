"""u_t + u_x = 0.5 u on x in [0, 1], t in [0, 6]: a profile carried right that grows e^3 ~ 20x.

Exact solution u = exp(t / 2) g(x - t) with g(s) = sin(2 pi s) + 0.5 cos(4 pi s); the
initial data is g(x) and the inflow at x = 0 (given with problem.inflow) is exp(t / 2) g(-t).
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")


def g(s):
    return sp.sin(2 * sp.pi * s) + sp.cos(4 * sp.pi * s) / 2


exact = sp.exp(t / 2) * g(x - t)

domain = Box(x=(0, 1), t=(0, 6))
problem = Problem(u(x, t), domain, name="transport-growing")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), u(x, t) / 2))
problem.condition("initial", sp.Eq(u(x, 0), g(x)))
problem.inflow("inflow", sp.Eq(u(x, t), exact))
problem.exact(exact)
