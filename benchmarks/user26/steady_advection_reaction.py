"""u_x + 2 u_y + u = f on [0, 1]^2, steady, with inflow data on x = 0 and y = 0.

Exact solution u = (1 + x y) / (1 + 4 (x - y)^2), a ridge along the diagonal that the flow
(1, 2) crosses; f = u_x + 2 u_y + u from it, and u given on the two inflow sides.
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")

exact = (1 + x * y) / (1 + 4 * (x - y) ** 2)
f = exact.diff(x) + 2 * exact.diff(y) + exact

domain = Box(x=(0, 1), y=(0, 1))
problem = Problem(u(x, y), domain, name="steady-advection-reaction")
problem.equation("pde", sp.Eq(u(x, y).diff(x) + 2 * u(x, y).diff(y) + u(x, y), f))
problem.condition("inflow-x0", sp.Eq(u(0, y), exact.subs(x, 0)))
problem.condition("inflow-y0", sp.Eq(u(x, 0), exact.subs(y, 0)))
problem.exact(exact)
