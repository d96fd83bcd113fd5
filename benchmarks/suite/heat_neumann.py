"""Heat equation with Neumann data: u_t = 0.3 u_xx on x in [0, 2], t in [0, 1].

Problem name: heat-neumann. Flux data u_x(0, t) = 0 and u_x(2, t) = 2.
Exact solution: u = 0.5 x^2 + 0.3 t + cos(pi x / 2) exp(-0.3 (pi/2)^2 t).
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

kappa = sp.Rational(3, 10)
exact = x**2 / 2 + kappa * t + sp.cos(sp.pi * x / 2) * sp.exp(-kappa * (sp.pi / 2) ** 2 * t)

domain = Box(x=(0, 2), t=(0, 1))
problem = Problem(u(x, t), domain, name="heat-neumann")
problem.equation("pde", sp.Eq(u(x, t).diff(t), kappa * u(x, t).diff(x, 2)))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("flux-left", sp.Eq(u(x, t).diff(x).subs(x, 0), 0))
problem.condition("flux-right", sp.Eq(u(x, t).diff(x).subs(x, 2), 2))
problem.exact(exact)
