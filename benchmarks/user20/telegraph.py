"""The telegraph equation, a damped wave on a string, written as a new user would.

    u_tt + 2 u_t = u_xx   on x in [0, 1], t in [0, 2],

fixed ends, a sine mode of the string as the initial shape, at rest. Its exact solution is
u = e^-t (cos(w t) + sin(w t) / w) sin(3 pi x) with w = sqrt(9 pi^2 - 1).
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
w = sp.sqrt(9 * sp.pi**2 - 1)
exact = sp.exp(-t) * (sp.cos(w * t) + sp.sin(w * t) / w) * sp.sin(3 * sp.pi * x)

U = u(x, t)
problem = Problem(U, Box(x=(0, 1), t=(0, 2)), name="telegraph")
problem.equation("pde", sp.Eq(U.diff(t, 2) + 2 * U.diff(t), U.diff(x, 2)))
problem.condition("shape", sp.Eq(u(x, 0), sp.sin(3 * sp.pi * x)))
problem.condition("at-rest", sp.Eq(U.diff(t).subs(t, 0), 0))
problem.condition("left", sp.Eq(u(0, t), 0))
problem.condition("right", sp.Eq(u(1, t), 0))
problem.exact(exact)
