"""Steady advection-diffusion on [0, 10] x [0, 1] with an outflow boundary layer.

-eps lap u + u_x = f, eps = 0.1; exact u = (1 - exp((x - 10) / eps)) sin(pi y) / (1 + 0.1 x)
(a layer of width 0.1 at x = 10); Dirichlet on all walls.
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
eps = sp.Rational(1, 10)
exact = (1 - sp.exp((x - 10) / eps)) * sp.sin(sp.pi * y) / (1 + x / 10)

domain = Box(x=(0, 10), y=(0, 1))
problem = Problem(u(x, y), domain, name="advdiff-layer-long")
U = u(x, y)
problem.equation("pde", sp.Eq(-eps * (U.diff(x, 2) + U.diff(y, 2)) + U.diff(x), 0))
for name, axis, value in [("left", x, 0), ("right", x, 10), ("bottom", y, 0), ("top", y, 1)]:
    problem.condition(name, sp.Eq(U.subs(axis, value), 0))
problem = problem.manufactured(exact)
