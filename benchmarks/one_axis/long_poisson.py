"""A screened Poisson problem on a long interval: -u'' + u = f, u = sin x + cos(3x) / 2 on [0, 20].

Written for docs/benchmarks.md section 26 (local bases on one axis), not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x = sp.symbols("x")
u = sp.Function("u")
exact = sp.sin(x) + sp.cos(3 * x) / 2
problem = Problem(u(x), Box(x=(0, 20)), name="long-poisson")
problem.equation("pde", sp.Eq(-u(x).diff(x, 2) + u(x), -exact.diff(x, 2) + exact))
problem.condition("left", sp.Eq(u(0), exact.subs(x, 0)))
problem.condition("right", sp.Eq(u(20), exact.subs(x, 20)))
problem.exact(exact)
