"""A pulse carried far, on a long box in physical units, written as a new user would.

    u_t - 2 u_x = 0   on x in [0, 100] km, t in [0, 30] s,

a Gaussian of width 5 starting at x = 80, moving left; the data come in at x = 100.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
exact = sp.exp(-((x - 80 + 2 * t) ** 2) / 50)

problem = Problem(u(x, t), Box(x=(0, 100), t=(0, 30)), name="far-pulse")
problem.equation("pde", sp.Eq(u(x, t).diff(t) - 2 * u(x, t).diff(x), 0))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("right", sp.Eq(u(100, t), exact.subs(x, 100)))
problem.exact(exact)
