"""A narrow pulse carried and spread: u_t + 0.8 u_x = 0.002 u_xx on [0, 1] x [0, 1]."""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
nu = sp.Rational(1, 500)
s0 = sp.Rational(1, 20) ** 2
s = s0 + 4 * nu * t
exact = sp.sqrt(s0 / s) * sp.exp(-((x - sp.Rational(1, 5) - sp.Rational(4, 5) * t) ** 2) / s)
problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="pulse-1d")
U = u(x, t)
problem.equation("pde", sp.Eq(U.diff(t) + sp.Rational(4, 5) * U.diff(x), nu * U.diff(x, 2)))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("left", sp.Eq(u(0, t), exact.subs(x, 0)))
problem.condition("right", sp.Eq(u(1, t), exact.subs(x, 1)))
problem.exact(exact)
