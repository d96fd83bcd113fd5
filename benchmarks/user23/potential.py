"""Potential flow in a rectangle, written as a user would: Laplace's equation on
[0, 2] x [0, 1] with the harmonic u = exp(pi x / 2) sin(pi y / 2) + x^3 - 3 x y^2 on the
walls."""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
phi = sp.Function("phi")
exact = sp.exp(sp.pi * x / 2) * sp.sin(sp.pi * y / 2) + x**3 - 3 * x * y**2
problem = Problem(phi(x, y), Box(x=(0, 2), y=(0, 1)), name="potential")
P = phi(x, y)
problem.equation("laplace", sp.Eq(P.diff(x, 2) + P.diff(y, 2), 0))
for side, value in [(x, 0), (x, 2), (y, 0), (y, 1)]:
    problem.condition(f"wall-{side}{value}", sp.Eq(P.subs(side, value), exact.subs(side, value)))
problem.exact(exact)
