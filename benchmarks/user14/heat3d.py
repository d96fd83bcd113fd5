"""Heat in a cube: u_t = 0.05 lap u, four axes.

Written in session 14 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 29); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z, t = sp.symbols("x y z t")
u = sp.Function("u")
U = u(x, y, z, t)
exact = sp.exp(-0.05 * 3 * sp.pi**2 * t) * sp.sin(sp.pi * x) * sp.sin(sp.pi * y) * sp.sin(sp.pi * z)
problem = Problem(U, Box(x=(0, 1), y=(0, 1), z=(0, 1), t=(0, 1)), name="heat3d")
problem.equation("pde", sp.Eq(U.diff(t), 0.05 * (U.diff(x, 2) + U.diff(y, 2) + U.diff(z, 2))))
problem.condition("init", sp.Eq(u(x, y, z, 0), exact.subs(t, 0)))
for ax in (x, y, z):
    for v in (0, 1):
        problem.condition(f"{ax}{v}", sp.Eq(U.subs(ax, v), 0))
problem.exact(exact)
