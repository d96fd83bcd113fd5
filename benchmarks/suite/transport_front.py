"""A steep smooth front transported: u_t + u_x = 0 on x in [0, 1], t in [0, 0.6].

Problem name: transport-front. The front (width 0.05) starts at x = 0.3 and stays inside.
Exact solution: u = tanh((x - t - 0.3) / 0.05).
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

exact = sp.tanh((x - t - 0.3) / 0.05)

domain = Box(x=(0, 1), t=(0, 0.6))
problem = Problem(u(x, t), domain, name="transport-front")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("inflow", sp.Eq(u(0, t), exact.subs(x, 0)))
problem.exact(exact)
