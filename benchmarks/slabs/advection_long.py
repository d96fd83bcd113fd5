"""u_t + u_x = 0 on x in [0, 1], t in [0, 10], periodic in x, u(x, 0) = sin(2 pi x).

A long horizon: the wave goes ten times around the period.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

domain = Box(x=(0, 1), t=(0, 10))
problem = Problem(u(x, t), domain, name="advection-long")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))
problem.condition("initial", sp.Eq(u(x, 0), sp.sin(2 * sp.pi * x)))
problem.condition("periodic", sp.Eq(u(0, t) - u(1, t), 0))
problem.exact(sp.sin(2 * sp.pi * (x - t)))
