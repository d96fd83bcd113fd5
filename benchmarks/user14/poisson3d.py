"""3-D Poisson with a variable coefficient: -div((1 + x y z) grad u) = f.

Written in session 14 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 29); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
u = sp.Function("u")
U = u(x, y, z)
k = 1 + x * y * z
t = Problem(U, Box(x=(0, 1), y=(0, 1), z=(0, 1)), name="poisson3d")
t.equation(
    "pde",
    sp.Eq(-(sp.diff(k * U.diff(x), x) + sp.diff(k * U.diff(y), y) + sp.diff(k * U.diff(z), z)), 0),
)
for ax in (x, y, z):
    for v in (0, 1):
        t.condition(f"{ax}{v}", sp.Eq(U.subs(ax, v), 0))
problem = t.manufactured(
    sp.sin(sp.pi * x) * sp.sin(sp.pi * y) * sp.sin(sp.pi * z) * sp.exp(x) + y * z
)
