"""A plate at 0 whose left edge is suddenly held at 1, the right at 0, top and bottom insulated."""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
k = sp.Rational(1, 2)
s = 2 * sp.sqrt(k * t)
exact = sum(sp.erfc((2 * n + x) / s) - sp.erfc((2 * n + 2 - x) / s) for n in range(6))
problem = Problem(u(x, y, t), Box(x=(0, 1), y=(0, 1), t=(0, 1)), name="strip")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t), k * (U.diff(x, 2) + U.diff(y, 2))))
problem.condition("initial", sp.Eq(u(x, y, 0), 0))
problem.condition("left", sp.Eq(u(0, y, t), 1))
problem.condition("right", sp.Eq(u(1, y, t), 0))
problem.condition("bottom", sp.Eq(U.diff(y).subs(y, 0), 0))
problem.condition("top", sp.Eq(U.diff(y).subs(y, 1), 0))
problem.exact(exact)
