"""Transport with reaction: u_t + 0.5 u_x + 2 u = 0 on x in [-0.5, 0.5], t in [0, 1].

Problem name: transport-reaction. Inflow on x = -0.5.
Exact solution: u = 3 (1 + 0.5 sin(4 (x - 0.5 t))) exp(-2 t).
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

exact = 3 * (1 + sp.sin(4 * (x - t / 2)) / 2) * sp.exp(-2 * t)

domain = Box(x=(-0.5, 0.5), t=(0, 1))
problem = Problem(u(x, t), domain, name="transport-reaction")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + 0.5 * u(x, t).diff(x) + 2 * u(x, t), 0))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("inflow", sp.Eq(u(-0.5, t), exact.subs(x, -0.5)))
problem.exact(exact)
