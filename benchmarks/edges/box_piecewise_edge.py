"""Laplace's equation on a square whose bottom face is held at 1 left of x = 1/2 and at 0 right of
it, written with a Piecewise: the data jump inside one face's condition.

    u_xx + u_yy = 0     in (0, 1) x (0, 1)
    u = Piecewise((1, x < 1/2), (0, True))   on y = 0
    u = exact           on the other three faces

Exact solution: u = atan2(y, x - 1/2) / pi (the upper half plane's), harmonic for y > 0.
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")

half = sp.Rational(1, 2)
exact = sp.atan2(y, x - half) / sp.pi
problem = Problem(u(x, y), Box(x=(0, 1), y=(0, 1)), name="box-piecewise-edge")
U = u(x, y)
problem.equation("pde", sp.Eq(U.diff(x, 2) + U.diff(y, 2), 0))
problem.condition("bottom", sp.Eq(u(x, 0), sp.Piecewise((1, x < half), (0, True))))
problem.condition("left", sp.Eq(u(0, y), exact.subs(x, 0)))
problem.condition("right", sp.Eq(u(1, y), exact.subs(x, 1)))
problem.condition("top", sp.Eq(u(x, 1), exact.subs(y, 1)))
problem.exact(exact)
