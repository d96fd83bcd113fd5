"""Reaction-diffusion with a Robin face: -(u_xx + u_yy) + u = f on [0, 1] x [0, 1.5] (manufactured).

Problem name: robin-2d. Robin condition u_x + 2 u = g on x = 1; Dirichlet on the other faces;
f and g are derived from the exact solution.
Exact solution: u = exp(-x) cos(2 y) + x y.
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")

exact = sp.exp(-x) * sp.cos(2 * y) + x * y

domain = Box(x=(0, 1), y=(0, 1.5))
template = Problem(u(x, y), domain, name="robin-2d")
template.equation("pde", sp.Eq(-(u(x, y).diff(x, 2) + u(x, y).diff(y, 2)) + u(x, y), 0))
template.condition("robin", sp.Eq(u(x, y).diff(x).subs(x, 1) + 2 * u(1, y), 0))
template.condition("x0", sp.Eq(u(0, y), 0))
template.condition("y0", sp.Eq(u(x, 0), 0))
template.condition("y1", sp.Eq(u(x, 1.5), 0))
problem = template.manufactured(exact)
