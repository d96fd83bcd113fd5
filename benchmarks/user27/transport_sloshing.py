"""2-D transport by a uniform velocity that oscillates in time.

u_t + cos(2 pi t) u_x + 0.5 u_y = 0 on [0, 1] x [0, 1] x [0, 2]: a blob sloshes left-right
while it drifts up. Exact: u = g(x - sin(2 pi t) / (2 pi), y - t / 2),
g(x, y) = exp(-((x - 0.5)^2 + (y - 0.3)^2) / 0.02). Inflow data from the exact solution.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")


def g(px, py):
    return sp.exp(-((px - 0.5) ** 2 + (py - 0.3) ** 2) / 0.02)


exact = g(x - sp.sin(2 * sp.pi * t) / (2 * sp.pi), y - t / 2)

domain = Box(x=(0, 1), y=(0, 1), t=(0, 2))
problem = Problem(u(x, y, t), domain, name="transport-sloshing")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t) + sp.cos(2 * sp.pi * t) * U.diff(x) + U.diff(y) / 2, 0))
problem.condition("initial", sp.Eq(u(x, y, 0), g(x, y)))
problem.inflow("inflow", sp.Eq(U, exact))
problem.exact(exact)
