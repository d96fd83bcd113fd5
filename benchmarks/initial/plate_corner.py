"""A square plate at 0 whose left and bottom edges are suddenly held at 1."""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")


def rod(z):
    s = 2 * sp.sqrt(t)
    return sum(sp.erfc((2 * n + z) / s) - sp.erfc((2 * n + 2 - z) / s) for n in range(6))


exact = rod(x) + rod(y) - rod(x) * rod(y)
problem = Problem(u(x, y, t), Box(x=(0, 1), y=(0, 1), t=(0, sp.Rational(1, 4))), name="plate")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t), U.diff(x, 2) + U.diff(y, 2)))
problem.condition("initial", sp.Eq(u(x, y, 0), 0))
problem.condition("left", sp.Eq(u(0, y, t), 1))
problem.condition("bottom", sp.Eq(u(x, 0, t), 1))
problem.condition("right", sp.Eq(u(1, y, t), rod(y)))
problem.condition("top", sp.Eq(u(x, 1, t), rod(x)))
problem.exact(exact)
