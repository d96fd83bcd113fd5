"""The classic transient: a square plate at 0 whose left edge is suddenly held at 1, the other
three at 0, with no closed-form solution. The initial data and the left edge's disagree along
the edge x = 0 at t = 0, and the edges' data jump at the corners (0, 0) and (0, 1).

    u_t = u_xx + u_yy     in (0, 1) x (0, 1), 0 < t < 1/4
    u = 0 at t = 0; u = 1 on x = 0; u = 0 on x = 1, y = 0 and y = 1

hot_edge_error.py compares a run with the double series; no exact solution is declared, as a
user would write it: the run reports its validation estimate alone.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

problem = Problem(u(x, y, t), Box(x=(0, 1), y=(0, 1), t=(0, sp.Rational(1, 4))), name="hot-edge")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t), U.diff(x, 2) + U.diff(y, 2)))
problem.condition("initial", sp.Eq(u(x, y, 0), 0))
problem.condition("hot", sp.Eq(u(0, y, t), 1))
problem.condition("right", sp.Eq(u(1, y, t), 0))
problem.condition("bottom", sp.Eq(u(x, 0, t), 0))
problem.condition("top", sp.Eq(u(x, 1, t), 0))
