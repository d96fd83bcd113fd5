"""A wave pushed back and forth around a ring while it decays:
u_t + cos(t) u_x = -u/2 on x in [0, 2 pi), t in [0, 6], periodic in x.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
exact = sp.exp(-t / 2) * (sp.sin(x - sp.sin(t)) + sp.cos(2 * (x - sp.sin(t))) / 3)

problem = Problem(u(x, t), Box(x=(0, 2 * sp.pi), t=(0, 6)), name="periodic-wobble")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + sp.cos(t) * u(x, t).diff(x), -u(x, t) / 2))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("ring", sp.Eq(u(0, t), u(2 * sp.pi, t)))
problem.exact(exact)
