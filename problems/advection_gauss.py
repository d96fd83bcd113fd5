"""u_t + u_x = 0 on [0,1]^2: a Gaussian pulse carried to the right."""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
g = sp.exp(-(((x - 0.3) / 0.1) ** 2))

domain = Box(x=(0, 1), t=(0, 1))
problem = Problem(u(x, t), domain, name="advection-gauss")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))
problem.condition("initial", sp.Eq(u(x, 0), g))
problem.condition("inflow", sp.Eq(u(0, t), g.subs(x, -t)))
problem.exact(g.subs(x, x - t))
