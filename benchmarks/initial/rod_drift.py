"""A rod carried by a flow, losing heat, whose inflow end is suddenly held at exp(-c t)."""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
a, nu, c = 1, sp.Rational(1, 10), sp.Rational(1, 2)
s = 2 * sp.sqrt(nu * t)
exact = (
    sp.exp(-c * t) * (sp.erfc((x - a * t) / s) + sp.exp(a * x / nu) * sp.erfc((x + a * t) / s)) / 2
)
problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="drift-rod")
U = u(x, t)
problem.equation("pde", sp.Eq(U.diff(t) + a * U.diff(x), nu * U.diff(x, 2) - c * U))
problem.condition("initial", sp.Eq(u(x, 0), 0))
problem.condition("left", sp.Eq(u(0, t), sp.exp(-c * t)))
problem.condition("right", sp.Eq(u(1, t), exact.subs(x, 1)))
problem.exact(exact)
