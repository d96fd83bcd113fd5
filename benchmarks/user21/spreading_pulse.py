"""A Gaussian pulse carried and spread: u_t + u_x = 0.01 u_xx on x in [0, 2], t in [0, 1],
width 0.05 at t = 0 from x = 0.3; the exact solution is held at both ends.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
nu, s0 = sp.Rational(1, 100), sp.Rational(1, 20)
var = s0**2 + 2 * nu * t
exact = s0 / sp.sqrt(var) * sp.exp(-((x - sp.Rational(3, 10) - t) ** 2) / (2 * var))

problem = Problem(u(x, t), Box(x=(0, 2), t=(0, 1)), name="spreading-pulse")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), nu * u(x, t).diff(x, 2)))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("left", sp.Eq(u(0, t), exact.subs(x, 0)))
problem.condition("right", sp.Eq(u(2, t), exact.subs(x, 2)))
problem.exact(exact)
