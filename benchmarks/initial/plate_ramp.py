"""A square plate at 0 whose left edge is suddenly held at y (a ramp), the rest at the exact."""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
s = 2 * sp.sqrt(t)
rod = sum(sp.erfc((2 * n + x) / s) - sp.erfc((2 * n + 2 - x) / s) for n in range(6))
exact = y * rod
problem = Problem(u(x, y, t), Box(x=(0, 1), y=(0, 1), t=(0, sp.Rational(1, 4))), name="ramp")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t), U.diff(x, 2) + U.diff(y, 2)))
problem.condition("initial", sp.Eq(u(x, y, 0), 0))
problem.condition("left", sp.Eq(u(0, y, t), y))
problem.condition("right", sp.Eq(u(1, y, t), 0))
problem.condition("bottom", sp.Eq(u(x, 0, t), 0))
problem.condition("top", sp.Eq(u(x, 1, t), rod))
problem.exact(exact)
