"""A pulse carried at 0.5, spread by 0.02 and absorbed at rate 0.3, written as a user would:
u_t + 0.5 u_x = 0.02 u_xx - 0.3 u on x in [0, 3], t in [0, 2]."""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
s2 = sp.Rational(1, 100) + 2 * sp.Rational(2, 100) * t  # the variance grows by 2 D t
exact = (
    sp.exp(-sp.Rational(3, 10) * t)
    * sp.sqrt(sp.Rational(1, 100) / s2)
    * sp.exp(-((x - 1 - t / 2) ** 2) / (2 * s2))
)
problem = Problem(u(x, t), Box(x=(0, 3), t=(0, 2)), name="decaying-drift")
U = u(x, t)
problem.equation(
    "pde",
    sp.Eq(
        U.diff(t) + sp.Rational(1, 2) * U.diff(x),
        sp.Rational(2, 100) * U.diff(x, 2) - sp.Rational(3, 10) * U,
    ),
)
problem.condition("start", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("left", sp.Eq(u(0, t), exact.subs(x, 0)))
problem.condition("right", sp.Eq(u(3, t), exact.subs(x, 3)))
problem.exact(exact)
