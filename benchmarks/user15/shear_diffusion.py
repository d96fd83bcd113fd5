"""A shear flow with a little diffusion: u_t + y u_x = lap u / 100, manufactured solution.

Written in session 15 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 30); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
U = u(x, y, t)
exact = sp.exp(-t) * sp.sin(sp.pi * x + y) * sp.cos(sp.pi * y / 2)
L = lambda w: w.diff(t) + y * w.diff(x) - (w.diff(x, 2) + w.diff(y, 2)) / 100  # noqa: E731
problem = Problem(U, Box(x=(0, 1), y=(0, 1), t=(0, 1)), name="shear-diffusion")
problem.equation("pde", sp.Eq(L(U), L(exact)))
problem.condition("init", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
for ax in (x, y):
    for v in (0, 1):
        problem.condition(f"{ax}{v}", sp.Eq(U.subs(ax, v), exact.subs(ax, v)))
problem.exact(exact)
