"""A 2-D step carried diagonally: u_t + u_x + u_y = 0, u = 1 where x + y < 0.6 + 2t, else 0.

Written in session 15 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 30); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")


def step(px, py):
    return sp.Piecewise((1, px + py < 0.6), (0, True))


U = u(x, y, t)
problem = Problem(U, Box(x=(0, 1), y=(0, 1), t=(0, 0.3)), name="step-2d")
problem.equation("pde", sp.Eq(U.diff(t) + U.diff(x) + U.diff(y), 0))
problem.condition("init", sp.Eq(u(x, y, 0), step(x, y)))
problem.inflow("in", sp.Eq(U, step(x - t, y - t)))
problem.exact(step(x - t, y - t))
