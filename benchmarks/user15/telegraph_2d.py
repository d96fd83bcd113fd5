"""A damped wave in 2-D (telegraph): u_tt + 2 u_t = lap u, clamped square, from rest.

Written in session 15 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 30); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
U = u(x, y, t)
# mode (1,1): u = e^{-t} (cos(w t) + sin(w t)/w) sin(pi x) sin(pi y), w^2 = 2 pi^2 - 1
w = sp.sqrt(2 * sp.pi**2 - 1)
exact = sp.exp(-t) * (sp.cos(w * t) + sp.sin(w * t) / w) * sp.sin(sp.pi * x) * sp.sin(sp.pi * y)
problem = Problem(U, Box(x=(0, 1), y=(0, 1), t=(0, 2)), name="telegraph-2d")
problem.equation("pde", sp.Eq(U.diff(t, 2) + 2 * U.diff(t), U.diff(x, 2) + U.diff(y, 2)))
problem.condition("u0", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("v0", sp.Eq(U.diff(t).subs(t, 0), 0))
for ax in (x, y):
    for v in (0, 1):
        problem.condition(f"{ax}{v}", sp.Eq(U.subs(ax, v), 0))
problem.exact(exact)
