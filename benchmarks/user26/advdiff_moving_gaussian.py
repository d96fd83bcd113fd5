"""u_t + u_x = 0.01 u_xx + f on x in [0, 1], t in [0, 2], with a Gaussian source that moves.

Exact solution u = exp(-((x - 0.5 - 0.25 sin(pi t)) / 0.1)^2): a bump swinging back and forth
against the flow, so the source f = u_t + u_x - 0.01 u_xx is a moving Gaussian (times a
polynomial). u is given at t = 0 and at both ends.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

nu = 0.01
centre = 0.5 + 0.25 * sp.sin(sp.pi * t)
exact = sp.exp(-(((x - centre) / 0.1) ** 2))
f = exact.diff(t) + exact.diff(x) - nu * exact.diff(x, 2)

domain = Box(x=(0, 1), t=(0, 2))
problem = Problem(u(x, t), domain, name="advdiff-moving-gaussian")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), nu * u(x, t).diff(x, 2) + f))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("left", sp.Eq(u(0, t), exact.subs(x, 0)))
problem.condition("right", sp.Eq(u(1, t), exact.subs(x, 1)))
problem.exact(exact)
