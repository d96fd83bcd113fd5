"""Steady 2-D transport: (1 + 0.5 y) u_x + (0.5 + x^2) u_y = f on [0, 1] x [0, 2] (manufactured).

Problem name: transport-steady-2d. Both speeds are positive, so the inflow faces are x = 0 and
y = 0; f is derived from the exact solution.
Exact solution: u = sin(2 x + y) + 0.25 x y^2.
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")

exact = sp.sin(2 * x + y) + x * y**2 / 4

domain = Box(x=(0, 1), y=(0, 2))
template = Problem(u(x, y), domain, name="transport-steady-2d")
template.equation(
    "pde",
    sp.Eq((1 + y / 2) * u(x, y).diff(x) + (sp.Rational(1, 2) + x**2) * u(x, y).diff(y), 0),
)
template.condition("inflow-x", sp.Eq(u(0, y), 0))
template.condition("inflow-y", sp.Eq(u(x, 0), 0))
problem = template.manufactured(exact)
