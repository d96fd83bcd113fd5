"""Transport in a wind that turns with time: u_t + cos(t) u_x + sin(t) u_y = 0.

Written in session 15 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 30); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
U = u(x, y, t)
# the foot of the characteristic: x - sin(t), y - (1 - cos(t))
exact = sp.exp(-((x - sp.sin(t) - 0.3) ** 2 + (y - (1 - sp.cos(t)) - 0.4) ** 2) / 0.2**2)
problem = Problem(U, Box(x=(0, 1.5), y=(0, 1.5), t=(0, 1.5)), name="varying-wind")
problem.equation("pde", sp.Eq(U.diff(t) + sp.cos(t) * U.diff(x) + sp.sin(t) * U.diff(y), 0))
problem.condition("init", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.inflow("in", sp.Eq(U, exact))
problem.exact(exact)
