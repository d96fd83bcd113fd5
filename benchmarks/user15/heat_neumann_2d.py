"""Heat with insulated walls: u_t = lap u / 10, du/dn = 0 on the square's sides.

Written in session 15 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 30); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
U = u(x, y, t)
exact = 1 + sp.cos(sp.pi * x) * sp.cos(2 * sp.pi * y) * sp.exp(-(sp.pi**2) * 5 * t / 10)
problem = Problem(U, Box(x=(0, 1), y=(0, 1), t=(0, 1)), name="heat-neumann-2d")
problem.equation("pde", sp.Eq(U.diff(t), (U.diff(x, 2) + U.diff(y, 2)) / 10))
problem.condition("init", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("x0", sp.Eq(U.diff(x).subs(x, 0), 0))
problem.condition("x1", sp.Eq(U.diff(x).subs(x, 1), 0))
problem.condition("y0", sp.Eq(U.diff(y).subs(y, 0), 0))
problem.condition("y1", sp.Eq(U.diff(y).subs(y, 1), 0))
problem.exact(exact)
