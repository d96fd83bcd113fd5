"""A driven string: u_tt = 4 u_xx + f on x in [0, 1], t in [0, 2], fixed ends.

Manufactured: u = sin(pi x) cos(2 pi t) + x (1 - x) sin(3 t).
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
exact = sp.sin(sp.pi * x) * sp.cos(2 * sp.pi * t) + x * (1 - x) * sp.sin(3 * t)
U = u(x, t)

problem = Problem(U, Box(x=(0, 1), t=(0, 2)), name="wave-source")
problem.equation(
    "pde", sp.Eq(U.diff(t, 2) - 4 * U.diff(x, 2), exact.diff(t, 2) - 4 * exact.diff(x, 2))
)
problem.condition("u0", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("v0", sp.Eq(U.diff(t).subs(t, 0), exact.diff(t).subs(t, 0)))
problem.condition("left", sp.Eq(u(0, t), 0))
problem.condition("right", sp.Eq(u(1, t), 0))
problem.exact(exact)
