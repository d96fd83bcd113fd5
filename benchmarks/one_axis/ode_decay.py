"""A first-order ODE on one axis: u' + u = f, u = sin(30 pi x) exp(-x) on [0, 2] (30 periods).

Written for docs/benchmarks.md section 26 (local bases on one axis), not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x = sp.symbols("x")
u = sp.Function("u")
exact = sp.sin(30 * sp.pi * x) * sp.exp(-x)
problem = Problem(u(x), Box(x=(0, 2)), name="ode-decay")
problem.equation("ode", sp.Eq(u(x).diff(x) + u(x), exact.diff(x) + exact))
problem.condition("start", sp.Eq(u(0), exact.subs(x, 0)))
problem.exact(exact)
