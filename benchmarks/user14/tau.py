"""Heat with the time axis called tau and a source, large values.

Written in session 14 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 29); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, tau = sp.symbols("x tau")
u = sp.Function("u")
U = u(x, tau)
exact = 1e4 * (sp.sin(sp.pi * x) * sp.exp(-tau) + x * (1 - x) * tau)
f = sp.diff(exact, tau) - 0.5 * sp.diff(exact, x, 2)
problem = Problem(U, Box(x=(0, 1), tau=(0, 2)), name="tau")
problem.equation("pde", sp.Eq(U.diff(tau) - 0.5 * U.diff(x, 2), f))
problem.condition("init", sp.Eq(u(x, 0), exact.subs(tau, 0)))
problem.condition("l", sp.Eq(u(0, tau), 0))
problem.condition("r", sp.Eq(u(1, tau), 0))
problem.exact(exact)
