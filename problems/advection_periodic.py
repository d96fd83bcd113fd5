"""u_t + 20 u_x = 0 on x in [0, 2 pi], t in [0, 1], periodic in x, u(x, 0) = sin(x).

A fast wave: the solution sin(x - 20 t) travels about three times around the period.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
c = sp.Symbol("c")

domain = Box(x=(0, 2 * sp.pi), t=(0, 1))
problem = Problem(u(x, t), domain, name="advection-periodic", parameters={"c": 20.0})
pde = u(x, t).diff(t) + c * u(x, t).diff(x)
problem.equation("pde", sp.Eq(pde, 0))
problem.condition("initial", sp.Eq(u(x, 0), sp.sin(x)))
problem.condition("periodic", sp.Eq(u(0, t) - u(2 * sp.pi, t), 0))
problem.exact(sp.sin(x - c * t))
