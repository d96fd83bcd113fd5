"""An oscillatory Poisson problem on one axis: -u'' = f, u = sin(40 pi x) + x on [0, 1].

Twenty periods. Written for docs/benchmarks.md section 26 (local bases on one axis), not
tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x = sp.symbols("x")
u = sp.Function("u")
exact = sp.sin(40 * sp.pi * x) + x
problem = Problem(u(x), Box(x=(0, 1)), name="osc-poisson")
problem.equation("pde", sp.Eq(-u(x).diff(x, 2), -exact.diff(x, 2)))
problem.condition("left", sp.Eq(u(0), exact.subs(x, 0)))
problem.condition("right", sp.Eq(u(1), exact.subs(x, 1)))
problem.exact(exact)
