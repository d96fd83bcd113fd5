"""A solution that grows by itself: u_t = u_xx + (pi^2 + 3) u on x in [0, 1], t in [0, 8].

u(x, 0) = sin(pi x), u = 0 at x = 0 and 1. Exact: u = e^(3 t) sin(pi x), which grows by e^24
(2.6e10) over the horizon. Marched in time slabs, every later slab takes data far larger than
the problem's own (the initial values), and the joined validation estimate must read against
them (docs/benchmarks.md section 32).
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

growth = 3
exact = sp.exp(growth * t) * sp.sin(sp.pi * x)

domain = Box(x=(0, 1), t=(0, 8))
problem = Problem(u(x, t), domain, name="growing")
U = u(x, t)
problem.equation("pde", sp.Eq(U.diff(t), U.diff(x, 2) + (sp.pi**2 + growth) * U))
problem.condition("initial", sp.Eq(u(x, 0), sp.sin(sp.pi * x)))
problem.condition("left", sp.Eq(u(0, t), 0))
problem.condition("right", sp.Eq(u(1, t), 0))
problem.exact(exact)
