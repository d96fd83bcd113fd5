"""u_t + 2 u_x + u = 0 on [0,1]^2: transport with decay, exact g(x - 2t) exp(-t)."""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
g = sp.sin(sp.pi * x) + 2

domain = Box(x=(0, 1), t=(0, 1))
problem = Problem(u(x, t), domain, name="advection-reaction")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + 2 * u(x, t).diff(x) + u(x, t), 0))
problem.condition("initial", sp.Eq(u(x, 0), g))
problem.condition("inflow", sp.Eq(u(0, t), g.subs(x, -2 * t) * sp.exp(-t)))
problem.exact(g.subs(x, x - 2 * t) * sp.exp(-t))
