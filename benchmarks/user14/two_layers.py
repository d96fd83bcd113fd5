"""-(k u')' = 1 with k jumping from 1 to 10 at x = 0.5; u(0) = u(1) = 0.

Written in session 14 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 29); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x = sp.Symbol("x")
u = sp.Function("u")
k = sp.Piecewise((1, x < 0.5), (10, True))
# the flux k u' = c - x is continuous; u(1) = 0 gives c = 13/44
c = sp.Rational(13, 44)
left = c * x - x**2 / 2
right = (
    left.subs(x, sp.Rational(1, 2))
    + (c * (x - sp.Rational(1, 2)) - (x**2 - sp.Rational(1, 4)) / 2) / 10
)
exact = sp.Piecewise((left, x < 0.5), (right, True))
problem = Problem(u(x), Box(x=(0, 1)), name="two-layers")
problem.equation("pde", sp.Eq(-sp.diff(k * u(x).diff(x), x), 1))
problem.condition("l", sp.Eq(u(0), 0))
problem.condition("r", sp.Eq(u(1), 0))
problem.exact(exact)
