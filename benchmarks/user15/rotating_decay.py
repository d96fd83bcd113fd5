"""A Gaussian turning about the origin while it decays: u_t - y u_x + x u_y + u/2 = 0.

Written in session 15 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 30); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
U = u(x, y, t)
xr = x * sp.cos(t) + y * sp.sin(t)
yr = -x * sp.sin(t) + y * sp.cos(t)
exact = sp.exp(-((xr - 0.4) ** 2 + yr**2) / 0.2**2) * sp.exp(-t / 2)
problem = Problem(U, Box(x=(-1, 1), y=(-1, 1), t=(0, 1.5)), name="rotating-decay")
problem.equation("pde", sp.Eq(U.diff(t) - y * U.diff(x) + x * U.diff(y) + U / 2, 0))
problem.condition("init", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.inflow("inflow", sp.Eq(U, exact))
problem.exact(exact)
