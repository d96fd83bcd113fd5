"""A square drum: u_tt = lap u, clamped edges, released from rest in its (1, 2) mode.

Written in session 15 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 30); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
U = u(x, y, t)
w = sp.pi * sp.sqrt(5)
exact = sp.sin(sp.pi * x) * sp.sin(2 * sp.pi * y) * sp.cos(w * t)
problem = Problem(U, Box(x=(0, 1), y=(0, 1), t=(0, 1)), name="drum")
problem.equation("pde", sp.Eq(U.diff(t, 2), U.diff(x, 2) + U.diff(y, 2)))
problem.condition("u0", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("v0", sp.Eq(U.diff(t).subs(t, 0), 0))
for ax in (x, y):
    for v in (0, 1):
        problem.condition(f"{ax}{v}", sp.Eq(U.subs(ax, v), 0))
problem.exact(exact)
