"""Heat in a rod of two materials: u_t = (k u_x)_x, k = 1 for x < 0.5 and 4 beyond, ends held.

A steady state: the flux is continuous across the joint, so u is piecewise linear with slopes
in the ratio 4 : 1.

Written in session 15 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 30); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
k = sp.Piecewise((1, x < 0.5), (4, True))
# u(0) = 0, u(1) = 1; slopes a (left) and a / 4 (right): a / 2 + a / 8 = 1
a = sp.Rational(8, 5)
exact = sp.Piecewise((a * x, x < 0.5), (a / 2 + a / 4 * (x - sp.Rational(1, 2)), True))
problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="composite-rod")
problem.equation("pde", sp.Eq(u(x, t).diff(t), sp.diff(k * u(x, t).diff(x), x)))
problem.condition("init", sp.Eq(u(x, 0), exact))
problem.condition("left", sp.Eq(u(0, t), 0))
problem.condition("right", sp.Eq(u(1, t), 1))
problem.exact(exact)
