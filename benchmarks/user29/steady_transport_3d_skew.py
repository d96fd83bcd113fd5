"""Steady 3-D transport by a constant skew velocity, no reaction and no source.

PDE:    u_x - 0.5 u_y + 0.25 u_z = 0
Domain: x, y, z in [0, 1]  (inflow faces x = 0, y = 1, z = 0; found by problem.inflow)
Data:   u on the inflow faces from the exact solution.
Exact:  u = h(y + 0.5 x, z - 0.25 x), constant along the flow, with
        h(p, q) = exp(-((p - 0.7)^2 + (q - 0.35)^2) / 0.05) + 0.2 sin(3 p + 2 q).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
u = sp.Function("u")


def h(p, q):
    return sp.exp(
        -((p - sp.Rational(7, 10)) ** 2 + (q - sp.Rational(7, 20)) ** 2) / sp.Rational(5, 100)
    ) + sp.Rational(1, 5) * sp.sin(3 * p + 2 * q)


exact = h(y + x / 2, z - x / 4)

domain = Box(x=(0, 1), y=(0, 1), z=(0, 1))
problem = Problem(u(x, y, z), domain, name="steady-transport-3d-skew")
U = u(x, y, z)
problem.equation("pde", sp.Eq(U.diff(x) - U.diff(y) / 2 + U.diff(z) / 4, 0))
problem.inflow("inflow", sp.Eq(U, exact))
problem.exact(exact)
