"""Poisson in 2-D: -(u_xx + u_yy) = f on [0, 2] x [-0.5, 0.5] (manufactured), Dirichlet data.

Problem name: poisson-2d. f is derived from the exact solution.
Exact solution: u = exp(x / 2) cos(pi y) + x^2 y - 0.5 sin(pi x).
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")

exact = sp.exp(x / 2) * sp.cos(sp.pi * y) + x**2 * y - sp.sin(sp.pi * x) / 2

domain = Box(x=(0, 2), y=(-0.5, 0.5))
template = Problem(u(x, y), domain, name="poisson-2d")
template.equation("pde", sp.Eq(-(u(x, y).diff(x, 2) + u(x, y).diff(y, 2)), 0))
template.condition("x0", sp.Eq(u(0, y), 0))
template.condition("x2", sp.Eq(u(2, y), 0))
template.condition("y-low", sp.Eq(u(x, -0.5), 0))
template.condition("y-high", sp.Eq(u(x, 0.5), 0))
problem = template.manufactured(exact)
