"""A rod carried by a strong flow whose inflow end is suddenly held at 1: Peclet number 200
(u_t + u_x = 0.005 u_xx), where the layer's factor exp(x / (2 nu)) reaches e^100 across the
rod. The Ogata-Banks solution, its far end given its values.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
nu = sp.Rational(1, 200)
s = 2 * sp.sqrt(nu * t)
exact = (sp.erfc((x - t) / s) + sp.exp(x / nu) * sp.erfc((x + t) / s)) / 2
problem = Problem(u(x, t), Box(x=(0, 1), t=(0, sp.Rational(1, 2))), name="rod-peclet")
U = u(x, t)
problem.equation("pde", sp.Eq(U.diff(t) + U.diff(x), nu * U.diff(x, 2)))
problem.condition("initial", sp.Eq(u(x, 0), 0))
problem.condition("left", sp.Eq(u(0, t), 1))
problem.condition("right", sp.Eq(u(1, t), exact.subs(x, 1)))
problem.exact(exact)
