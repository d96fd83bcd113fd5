"""A narrow bump on one axis: -u'' = f, u = exp(-((x - 0.5) / 0.02)^2) on [0, 1].

Written for docs/benchmarks.md section 26 (local bases on one axis): a localized solution
that the global ladder resolves at width 512, where no local basis is probed.
"""

import sympy as sp

from pinnls import Box, Problem

x = sp.symbols("x")
u = sp.Function("u")
exact = sp.exp(-(((x - 0.5) / 0.02) ** 2))
problem = Problem(u(x), Box(x=(0, 1)), name="bump")
problem.equation("pde", sp.Eq(-u(x).diff(x, 2), -exact.diff(x, 2)))
problem.condition("left", sp.Eq(u(0), exact.subs(x, 0)))
problem.condition("right", sp.Eq(u(1), exact.subs(x, 1)))
problem.exact(exact)
