"""A driven square membrane: u_tt = u_xx + u_yy + f on [0, 1]^2 x [0, 2], fixed edges.

Manufactured: u = sin(pi x) sin(2 pi y) cos(3 t) + x y (1 - x)(1 - y) t^2.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
exact = sp.sin(sp.pi * x) * sp.sin(2 * sp.pi * y) * sp.cos(3 * t) + x * y * (1 - x) * (1 - y) * t**2
U = u(x, y, t)


def wave(w):
    return w.diff(t, 2) - w.diff(x, 2) - w.diff(y, 2)


problem = Problem(U, Box(x=(0, 1), y=(0, 1), t=(0, 2)), name="membrane")
problem.equation("pde", sp.Eq(wave(U), wave(exact)))
problem.condition("u0", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("v0", sp.Eq(U.diff(t).subs(t, 0), exact.diff(t).subs(t, 0)))
for name, face in [("x0", {x: 0}), ("x1", {x: 1}), ("y0", {y: 0}), ("y1", {y: 1})]:
    problem.condition(name, sp.Eq(U.subs(face), 0))
problem.exact(exact)
