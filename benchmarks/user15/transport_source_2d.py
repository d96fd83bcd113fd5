"""Manufactured 2-D transport with a source: u_t + u_x + 2 u_y = f, u = sin(x + y) cos(t).

Written in session 15 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 30); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
U = u(x, y, t)
exact = sp.sin(x + y) * sp.cos(t)
f = exact.diff(t) + exact.diff(x) + 2 * exact.diff(y)
problem = Problem(U, Box(x=(0, 2), y=(0, 2), t=(0, 2)), name="transport-source-2d")
problem.equation("pde", sp.Eq(U.diff(t) + U.diff(x) + 2 * U.diff(y), f))
problem.condition("init", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("left", sp.Eq(u(0, y, t), exact.subs(x, 0)))
problem.condition("bottom", sp.Eq(u(x, 0, t), exact.subs(y, 0)))
problem.exact(exact)
