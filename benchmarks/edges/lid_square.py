"""The classic: a square plate held at 1 along its top edge and at 0 along the other three, with
no closed-form solution. The data jump at the two top corners.

    u_xx + u_yy = 0     in (0, 1) x (0, 1)
    u = 1 on y = 1, u = 0 on x = 0, x = 1 and y = 0

Its solution is the series u = sum over odd n of 4 / (n pi) sin(n pi x) sinh(n pi y) / sinh(n pi),
which tests/test_boundary_changes.py sums to compare with; no exact solution is declared, as a
user would write it: the run reports its validation estimate alone.
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")

problem = Problem(u(x, y), Box(x=(0, 1), y=(0, 1)), name="lid-square")
U = u(x, y)
problem.equation("pde", sp.Eq(U.diff(x, 2) + U.diff(y, 2), 0))
problem.condition("lid", sp.Eq(u(x, 1), 1))
problem.condition("left", sp.Eq(u(0, y), 0))
problem.condition("right", sp.Eq(u(1, y), 0))
problem.condition("bottom", sp.Eq(u(x, 0), 0))
