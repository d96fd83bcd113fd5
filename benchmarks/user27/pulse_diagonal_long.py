"""A Gaussian pulse crossing a 4 x 4 box diagonally over a long time.

u_t + 0.5 u_x + 0.5 u_y = 0 on [0, 4]^2, t in [0, 6]: the pulse starts at (0.8, 0.8) and
ends at (3.8, 3.8), near the far corner.
Exact: u = exp(-((x - 0.8 - t/2)^2 + (y - 0.8 - t/2)^2) / 0.18). Inflow data (tiny) from it.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
exact = sp.exp(-((x - 0.8 - t / 2) ** 2 + (y - 0.8 - t / 2) ** 2) / 0.18)

domain = Box(x=(0, 4), y=(0, 4), t=(0, 6))
problem = Problem(u(x, y, t), domain, name="pulse-diagonal-long")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t) + U.diff(x) / 2 + U.diff(y) / 2, 0))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.inflow("inflow", sp.Eq(U, exact))
problem.exact(exact)
