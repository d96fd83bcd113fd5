"""Steady convection-diffusion on the unit square, outflow layers at x = 1, y = 1 and their corner.

-eps lap u + u_x + u_y = f with eps = 0.005 and u = g(x) g(y), where
g(s) = s - (exp((s - 1) / eps) - exp(-1 / eps)) / (1 - exp(-1 / eps)) (g - eps g'' ... = 1, so
f = g(x) + g(y) is smooth). Written as a user would, not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
eps = sp.Rational(1, 200)


def g(s):
    return s - (sp.exp((s - 1) / eps) - sp.exp(-1 / eps)) / (1 - sp.exp(-1 / eps))


exact = g(x) * g(y)
U = u(x, y)
problem = Problem(U, Box(x=(0, 1), y=(0, 1)), name="cd2d")
lhs = -eps * (U.diff(x, 2) + U.diff(y, 2)) + U.diff(x) + U.diff(y)
problem.equation("pde", sp.Eq(lhs, g(x) + g(y)))
for axis, value in [(x, 0), (x, 1), (y, 0), (y, 1)]:
    problem.condition(f"side-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value)))
problem.exact(exact)
