"""2-D transport in a sheared wind, periodic in x: u_t + (1 + y) u_x + 1/2 u_y = 0.

Domain: x in [0, 1] (periodic), y in [0, 1], t in [0, 1]. The wind (1 + y, 1/2) is faster at
the top than at the bottom (a shear), and crosses the strip upwards at speed 1/2.

Conditions: u given at t = 0; periodic in x, u(0, y, t) = u(1, y, t) (no data on x = 0 or
x = 1); u given on the inflow side y = 0 (the flow leaves through y = 1, which gets no
condition). All data are the exact solution's.

Exact solution: along a characteristic y = y0 + t / 2 and x = x0 + (1 + y0) t + t^2 / 4, so
the foot of (x, y, t) is a = x - t - y t + t^2 / 4, b = y - t / 2, and u = F(a, b) for any F
of period 1 in a. Here

    u = (sin(2 pi a) + cos(4 pi a + 1) / 2) exp(-((b - 0.3) / 0.3)^2),

a wave train of period 1 in x under a Gaussian envelope in y, tilted by the shear as it rises.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
R = sp.Rational
a = x - t - y * t + t**2 / 4
b = y - t / 2
exact = (sp.sin(2 * sp.pi * a) + sp.cos(4 * sp.pi * a + 1) / 2) * sp.exp(
    -(((b - R(3, 10)) / R(3, 10)) ** 2)
)

domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="periodic-shear-crossflow")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t) + (1 + y) * U.diff(x) + R(1, 2) * U.diff(y), 0))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("periodic", sp.Eq(u(0, y, t) - u(1, y, t), 0))
problem.condition("inflow-y0", sp.Eq(u(x, 0, t), exact.subs(y, 0)))
problem.exact(exact)
