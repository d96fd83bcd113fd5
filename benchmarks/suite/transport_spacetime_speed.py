"""Transport with a space-time speed: u_t + (1 + x)(1 + t) u_x = 0 on [0, 1] x [0, 1].

Problem name: transport-spacetime-speed. Inflow on x = 0. Along characteristics
s = (1 + x) exp(-(t + t^2/2)) is constant.
Exact solution: u = cos(3 s) + 0.5 s.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

s = (1 + x) * sp.exp(-(t + t**2 / 2))
exact = sp.cos(3 * s) + s / 2

domain = Box(x=(0, 1), t=(0, 1))
problem = Problem(u(x, t), domain, name="transport-spacetime-speed")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + (1 + x) * (1 + t) * u(x, t).diff(x), 0))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("inflow", sp.Eq(u(0, t), exact.subs(x, 0)))
problem.exact(exact)
