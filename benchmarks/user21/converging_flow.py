"""A flow that enters through both ends and piles up in the middle:
u_t - (x - 1/2) u_x = 0 on x in [0, 1], t in [0, 1].

Along the characteristics (x - 1/2) e^t is constant.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
exact = sp.sin(4 * (x - sp.Rational(1, 2)) * sp.exp(t)) + 1

problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="converging-flow")
problem.equation("pde", sp.Eq(u(x, t).diff(t) - (x - sp.Rational(1, 2)) * u(x, t).diff(x), 0))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.inflow("ends", sp.Eq(u(x, t), exact))
problem.exact(exact)
