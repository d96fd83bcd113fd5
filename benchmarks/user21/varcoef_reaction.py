"""Steady diffusion-reaction with a conductivity that varies: -div(k grad u) + 4u = f on the
unit square, k = 1 + x^2 y, u given on the sides.
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
k = 1 + x**2 * y
exact = sp.sin(2 * x + y) * sp.exp(x * y)
U = u(x, y)


def operator(w):
    return -((k * w.diff(x)).diff(x) + (k * w.diff(y)).diff(y)) + 4 * w


problem = Problem(U, Box(x=(0, 1), y=(0, 1)), name="varcoef-reaction")
problem.equation("pde", sp.Eq(operator(U), operator(exact)))
for name, face in [("left", {x: 0}), ("right", {x: 1}), ("bottom", {y: 0}), ("top", {y: 1})]:
    problem.condition(name, sp.Eq(U.subs(face), exact.subs(face)))
problem.exact(exact)
