"""-div(k grad u) = f with a varying conductivity.

Written in session 14 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 29); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
k = 1 + 0.5 * sp.sin(2 * sp.pi * x) * sp.sin(2 * sp.pi * y)
U = u(x, y)
t = Problem(U, Box(x=(0, 1), y=(0, 1)), name="varcoef")
t.equation("pde", sp.Eq(-(sp.diff(k * U.diff(x), x) + sp.diff(k * U.diff(y), y)), 0))
for ax, v in [(x, 0), (x, 1), (y, 0), (y, 1)]:
    t.condition(f"{ax}{v}", sp.Eq(U.subs(ax, v), 0))
problem = t.manufactured(sp.exp(x + y) * sp.sin(sp.pi * x) * sp.sin(sp.pi * y) + x * y)
