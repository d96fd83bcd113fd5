"""A rod at 0 whose left end is suddenly held at 1 (u_t = u_xx): the initial data and the left
face's data disagree at the corner (x, t) = (0, 0)."""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
s = 2 * sp.sqrt(t)
exact = sum(sp.erfc((2 * n + x) / s) - sp.erfc((2 * n + 2 - x) / s) for n in range(8))

problem = Problem(u(x, t), Box(x=(0, 1), t=(0, sp.Rational(1, 2))), name="rod")
problem.equation("pde", sp.Eq(u(x, t).diff(t), u(x, t).diff(x, 2)))
problem.condition("initial", sp.Eq(u(x, 0), 0))
problem.condition("left", sp.Eq(u(0, t), 1))
problem.condition("right", sp.Eq(u(1, t), 0))
problem.exact(exact)
