"""Poisson on a rectangle that is not the unit square, with a flux condition, as a new user
would write it.

    -(u_xx + u_yy) = f   on [0, 2] x [-1, 1],

u = x^2 y + cos(pi y) e^(x / 2) prescribed on three sides, its normal derivative on x = 2.
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
exact = x**2 * y + sp.cos(sp.pi * y) * sp.exp(x / 2)
U = u(x, y)

problem = Problem(U, Box(x=(0, 2), y=(-1, 1)), name="neumann-rectangle")
problem.equation(
    "pde", sp.Eq(-(U.diff(x, 2) + U.diff(y, 2)), -(exact.diff(x, 2) + exact.diff(y, 2)))
)
problem.condition("left", sp.Eq(u(0, y), exact.subs(x, 0)))
problem.condition("bottom", sp.Eq(u(x, -1), exact.subs(y, -1)))
problem.condition("top", sp.Eq(u(x, 1), exact.subs(y, 1)))
problem.condition("flux", sp.Eq(U.diff(x).subs(x, 2), exact.diff(x).subs(x, 2)))
problem.exact(exact)
