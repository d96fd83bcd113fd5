"""An elliptic operator with a mixed derivative: u_xx + u_xy + u_yy = f.

Written in session 14 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 29); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
U = u(x, y)
t = Problem(U, Box(x=(0, 1), y=(0, 2)), name="mixed")
t.equation("pde", sp.Eq(U.diff(x, 2) + U.diff(x, y) + U.diff(y, 2), 0))
for ax, v in [(x, 0), (x, 1), (y, 0), (y, 2)]:
    t.condition(f"{ax}{v}", sp.Eq(U.subs(ax, v), 0))
problem = t.manufactured(sp.exp(x) * sp.sin(y) + sp.cos(x * y))
