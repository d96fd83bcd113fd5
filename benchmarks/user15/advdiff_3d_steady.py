"""Steady 3-D advection-diffusion, manufactured: -lap u / 10 + u_x + u_y + u_z = f.

Written in session 15 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 30); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
u = sp.Function("u")
U = u(x, y, z)
exact = sp.exp(x * y * z) * sp.sin(2 * x + y - z)
L = lambda w: -(w.diff(x, 2) + w.diff(y, 2) + w.diff(z, 2)) / 10 + w.diff(x) + w.diff(y) + w.diff(z)  # noqa: E731
problem = Problem(U, Box(x=(0, 1), y=(0, 1), z=(0, 1)), name="advdiff-3d-steady")
problem.equation("pde", sp.Eq(L(U), L(exact)))
for ax in (x, y, z):
    for v in (0, 1):
        problem.condition(f"{ax}{v}", sp.Eq(U.subs(ax, v), exact.subs(ax, v)))
problem.exact(exact)
