"""A square plate held at 1 on its left edge and at 0 on its bottom edge: the value's data jump
at the corner (0, 0) where the two edges meet. Written on a Box, with a condition per face.

    u_xx + u_yy = 0     in (0, 1) x (0, 1)
    u = exact           on each of the four faces

Exact solution: u = 2 atan2(y, x) / pi + x y: the angle is 0 along the bottom edge and pi/2 along
the left one, so the data step from 0 to 1 at the corner; x y is harmonic and smooth.
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")

exact = 2 * sp.atan2(y, x) / sp.pi + x * y
problem = Problem(u(x, y), Box(x=(0, 1), y=(0, 1)), name="box-corner-jump")
U = u(x, y)
problem.equation("pde", sp.Eq(U.diff(x, 2) + U.diff(y, 2), 0))
problem.condition("left", sp.Eq(u(0, y), 1))
problem.condition("bottom", sp.Eq(u(x, 0), 0))
problem.condition("right", sp.Eq(u(1, y), exact.subs(x, 1)))
problem.condition("top", sp.Eq(u(x, 1), exact.subs(y, 1)))
problem.exact(exact)
