"""Steady 3-D advection-reaction in a helical flow with a variable reaction rate.

PDE:    u_x + 2 (z - 1/2) u_y - 2 (y - 1/2) u_z + (1 + x) u = f   (f manufactured)
Domain: x, y, z in [0, 1]
Data:   u on the inflow part of the boundary (x = 0 and the parts of y = 0, 1, z = 0, 1
        the swirl enters), from the exact solution.
Exact:  u = (1 + x^2) exp(-((y - 0.4)^2 + (z - 0.6)^2) / 0.05) cos(3 x + y)   (manufactured).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
u = sp.Function("u")
exact = (
    (1 + x**2)
    * sp.exp(-((y - sp.Rational(2, 5)) ** 2 + (z - sp.Rational(3, 5)) ** 2) / sp.Rational(5, 100))
    * sp.cos(3 * x + y)
)

domain = Box(x=(0, 1), y=(0, 1), z=(0, 1))
base = Problem(u(x, y, z), domain, name="advreact-helix-3d")
U = u(x, y, z)
base.equation(
    "pde",
    sp.Eq(
        U.diff(x)
        + 2 * (z - sp.Rational(1, 2)) * U.diff(y)
        - 2 * (y - sp.Rational(1, 2)) * U.diff(z)
        + (1 + x) * U,
        0,
    ),
)
base.inflow("inflow", sp.Eq(U, 0))
problem = base.manufactured(exact)
