"""Helmholtz on a thin rectangle [0, 6] x [0, 0.5], a solution that turns once per side.

-lap u - k^2 u = f, k = 2; exact u = sin(pi x / 6) sin(pi y / 0.5) / (1 + (x - 2)^2 / 4) ;
Dirichlet (zero) on all walls.
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
k = 2
exact = sp.sin(sp.pi * x / 6) * sp.sin(2 * sp.pi * y) / (1 + (x - 2) ** 2 / 4)

domain = Box(x=(0, 6), y=(0, sp.Rational(1, 2)))
problem = Problem(u(x, y), domain, name="helmholtz-thin-sines")
U = u(x, y)
problem.equation("pde", sp.Eq(-U.diff(x, 2) - U.diff(y, 2) - k**2 * U, 0))
for name, axis, value in [
    ("left", x, 0),
    ("right", x, 6),
    ("bottom", y, 0),
    ("top", y, sp.Rational(1, 2)),
]:
    problem.condition(name, sp.Eq(U.subs(axis, value), 0))
problem = problem.manufactured(exact)
