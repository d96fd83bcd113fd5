"""Poisson on a long strip [0, 8] x [0, 1] with a round Gaussian bump and a slow ramp.

-lap u = f, exact u = exp(-((x - 3)^2 + (y - 0.4)^2) / 0.08) + x y / 8 ; Dirichlet on all walls.
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
exact = sp.exp(-((x - 3) ** 2 + (y - 0.4) ** 2) / 0.08) + x * y / 8

domain = Box(x=(0, 8), y=(0, 1))
problem = Problem(u(x, y), domain, name="poisson-strip-gauss")
U = u(x, y)
problem.equation("pde", sp.Eq(-U.diff(x, 2) - U.diff(y, 2), 0))
for name, axis, value in [("left", x, 0), ("right", x, 8), ("bottom", y, 0), ("top", y, 1)]:
    problem.condition(name, sp.Eq(U.subs(axis, value), 0))
problem = problem.manufactured(exact)
