"""A train of sine waves entering from the left: u_t + u_x = 0 on x in [0, 2], t in [0, 20].

Inflow u(0, t) = sin(3 pi (0 - t)), initial u(x, 0) = sin(3 pi x); the waves cross the box
ten times over the horizon. Exact solution sin(3 pi (x - t)).
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
k = 3 * sp.pi
exact = sp.sin(k * (x - t))

domain = Box(x=(0, 2), t=(0, 20))
problem = Problem(u(x, t), domain, name="advection-inflow-sine-train")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("inflow", sp.Eq(u(0, t), exact.subs(x, 0)))
problem.exact(exact)
