"""The paper's E5: u_t + x u_x = 0 on [0,1]^2, exact solution g(x exp(-t)).

Characteristics x = x0 exp(t) leave through x = 1, and x = 0 is itself a characteristic, so the
initial condition alone fixes the solution; the paper adds the consistent u(0, t) = g(0).
The interior weight is the paper's eps = W^(-1/2).
"""

import sympy as sp

from pinnls import Box, Problem, W

x, t = sp.symbols("x t")
u = sp.Function("u")
g = sp.exp(-(((x - 0.3) / 0.1) ** 2))

domain = Box(x=(0, 1), t=(0, 1))
problem = Problem(u(x, t), domain, name="advection-variable")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + x * u(x, t).diff(x), 0), weight=W**-0.5)
problem.condition("initial", sp.Eq(u(x, 0), g))
problem.condition("inflow", sp.Eq(u(0, t), g.subs(x, 0)))
problem.exact(g.subs(x, x * sp.exp(-t)))
