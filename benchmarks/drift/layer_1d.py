"""An outflow layer in time: u_t + u_x = 0.01 u_xx, manufactured with a steady layer at x = 1."""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
nu = sp.Rational(1, 100)
layer = (sp.exp((x - 1) / nu) - sp.exp(-1 / nu)) / (1 - sp.exp(-1 / nu))
exact = sp.exp(-t) * sp.sin(sp.pi * (x - t)) + layer
U = u(x, t)
source = exact.diff(t) + exact.diff(x) - nu * exact.diff(x, 2)
problem = Problem(U, Box(x=(0, 1), t=(0, 1)), name="layer-1d")
problem.equation("pde", sp.Eq(U.diff(t) + U.diff(x) - nu * U.diff(x, 2), sp.simplify(source)))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("left", sp.Eq(u(0, t), exact.subs(x, 0)))
problem.condition("right", sp.Eq(u(1, t), exact.subs(x, 1)))
problem.exact(exact)
