"""A front that spreads as it travels (advection-diffusion), with an erfc exact solution.

u_t + u_x = 0.01 u_xx   on x in [0, 2], t in [0, 1].
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
nu = sp.Rational(1, 100)
exact = sp.erfc((x - sp.Rational(1, 5) - t) / sp.sqrt(4 * nu * (t + sp.Rational(1, 20)))) / 2

problem = Problem(u(x, t), Box(x=(0, 2), t=(0, 1)), name="erf-front")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), nu * u(x, t).diff(x, 2)))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("left", sp.Eq(u(0, t), exact.subs(x, 0)))
problem.condition("right", sp.Eq(u(2, t), exact.subs(x, 2)))
problem.exact(exact)
