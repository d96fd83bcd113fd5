"""Rightward transport with inflow: u_t + 2 u_x = 0 on x in [0, 2], t in [0, 0.75].

Problem name: transport-rightward. A pulse of height 2 enters through x = 0.
Exact solution: u = 2 exp(-((x - 2 t + 0.5) / 0.3)^2).
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

exact = 2 * sp.exp(-(((x - 2 * t + 0.5) / 0.3) ** 2))

domain = Box(x=(0, 2), t=(0, 0.75))
problem = Problem(u(x, t), domain, name="transport-rightward")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + 2 * u(x, t).diff(x), 0))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("inflow", sp.Eq(u(0, t), exact.subs(x, 0)))
problem.exact(exact)
