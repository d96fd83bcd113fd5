"""A lossy transmission line (the telegraph equation), written as a user would:
v_tt + 0.4 v_t = 0.25 v_xx on x in [0, 3], t in [0, 12], a sine wave fed in at x = 0.

Exact: the damped travelling wave v = exp(-0.2 t) sin(k x - w t) with
w^2 = 0.25 k^2 - 0.04 (k = 2 pi / 1.5), given at t = 0 and at both ends."""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
v = sp.Function("v")
k = 2 * sp.pi / sp.Rational(3, 2)
w = sp.sqrt(k**2 / 4 - sp.Rational(4, 100))
exact = sp.exp(-t / 5) * sp.sin(k * x - w * t)
problem = Problem(v(x, t), Box(x=(0, 3), t=(0, 12)), name="damped-cable")
V = v(x, t)
problem.equation("line", sp.Eq(V.diff(t, 2) + sp.Rational(2, 5) * V.diff(t), V.diff(x, 2) / 4))
problem.condition("initial", sp.Eq(V.subs(t, 0), exact.subs(t, 0)))
problem.condition("initial-rate", sp.Eq(V.diff(t).subs(t, 0), exact.diff(t).subs(t, 0)))
problem.condition("fed", sp.Eq(v(0, t), exact.subs(x, 0)))
problem.condition("far-end", sp.Eq(v(3, t), exact.subs(x, 3)))
problem.exact(exact)
