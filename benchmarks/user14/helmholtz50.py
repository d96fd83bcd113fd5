"""Helmholtz with k = 50: u'' + 2500 u = 0 on [0, 1], u(0) = 0, u(1) = sin(50).

Written in session 14 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 29); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x = sp.Symbol("x")
u = sp.Function("u")
problem = Problem(u(x), Box(x=(0, 1)), name="helmholtz50")
problem.equation("pde", sp.Eq(u(x).diff(x, 2) + 2500 * u(x), 0))
problem.condition("l", sp.Eq(u(0), 0))
problem.condition("r", sp.Eq(u(1), sp.sin(50)))
problem.exact(sp.sin(50 * x))
