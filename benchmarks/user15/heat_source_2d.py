"""Heat with a source and time-varying walls, manufactured: u = exp(-t)(x^2 + y^2) + sin(t) x y.

Written in session 15 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 30); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
U = u(x, y, t)
exact = sp.exp(-t) * (x**2 + y**2) + sp.sin(t) * x * y
f = exact.diff(t) - (exact.diff(x, 2) + exact.diff(y, 2))
problem = Problem(U, Box(x=(0, 1), y=(0, 1), t=(0, 2)), name="heat-source-2d")
problem.equation("pde", sp.Eq(U.diff(t) - U.diff(x, 2) - U.diff(y, 2), f))
problem.condition("init", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
for ax in (x, y):
    for v in (0, 1):
        problem.condition(f"{ax}{v}", sp.Eq(U.subs(ax, v), exact.subs(ax, v)))
problem.exact(exact)
