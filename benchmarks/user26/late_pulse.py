"""u_t + u_x = 0 on x in [0, 1], t in [0, 5]: nothing happens until a narrow pulse enters.

The inflow u(0, t) = exp(-((t - 4) / 0.08)^2) is zero to rounding before t = 3 and peaks at
t = 4; the initial data is 0. Exact solution u = exp(-((t - x - 4) / 0.08)^2): the pulse is
inside the box only for t in about [3.7, 5].
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

width = 0.08
exact = sp.exp(-(((t - x - 4) / width) ** 2))

domain = Box(x=(0, 1), t=(0, 5))
problem = Problem(u(x, t), domain, name="late-pulse")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))
problem.condition("initial", sp.Eq(u(x, 0), 0))
problem.condition("inflow", sp.Eq(u(0, t), exact.subs(x, 0)))
problem.exact(exact)
