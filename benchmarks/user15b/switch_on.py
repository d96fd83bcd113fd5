"""An inflow switched on against a tube at rest: u_t + u_x / 2 = 0, u(x, 0) = 0, u(0, t) = 1.

The front leaves the corner along x = t / 2: no Piecewise in the data, a jump between two
faces' data.

Written in session 15 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 30); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="switch-on")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x) / 2, 0))
problem.condition("rest", sp.Eq(u(x, 0), 0))
problem.condition("inflow", sp.Eq(u(0, t), 1))
problem.exact(sp.Piecewise((1, 2 * x < t), (0, True)))
