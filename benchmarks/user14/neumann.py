"""Pure Neumann Poisson: -lap u = f, du/dn = g; unique up to a constant.

Written in session 14 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 29); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
U = u(x, y)
exact = sp.cos(sp.pi * x) * sp.cos(2 * sp.pi * y)
f = -(sp.diff(exact, x, 2) + sp.diff(exact, y, 2))
problem = Problem(U, Box(x=(0, 1), y=(0, 1)), name="neumann")
problem.equation("pde", sp.Eq(-(U.diff(x, 2) + U.diff(y, 2)), f))
problem.condition("x0", sp.Eq(U.diff(x).subs(x, 0), 0))
problem.condition("x1", sp.Eq(U.diff(x).subs(x, 1), 0))
problem.condition("y0", sp.Eq(U.diff(y).subs(y, 0), 0))
problem.condition("y1", sp.Eq(U.diff(y).subs(y, 1), 0))
problem.exact(exact)
