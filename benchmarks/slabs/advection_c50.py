"""u_t + 50 u_x = 0 on x in [0, 2 pi], t in [0, 1], periodic in x, u(x, 0) = sin(x).

The advection benchmark of "An expert's guide to training PINNs" (jaxpi), whose best
configuration reports rel L2 6.9e-4. The solution sin(x - 50 t) travels about eight times around
the period.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

domain = Box(x=(0, 2 * sp.pi), t=(0, 1))
problem = Problem(u(x, t), domain, name="advection-c50")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + 50 * u(x, t).diff(x), 0))
problem.condition("initial", sp.Eq(u(x, 0), sp.sin(x)))
problem.condition("periodic", sp.Eq(u(0, t) - u(2 * sp.pi, t), 0))
problem.exact(sp.sin(x - 50 * t))
