"""Steady 3-D advection with decay: a . grad u + 0.5 u = f on the unit cube.

a = (1, 0.5, -0.7): inflow faces x = 0, y = 0 and z = 1 (found by problem.inflow).
Exact: u = sin(2 x + y - z) exp(-(x + z) / 2) + 0.3 cos(3 y); f manufactured.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
u = sp.Function("u")
a = (1, 0.5, -0.7)
exact = sp.sin(2 * x + y - z) * sp.exp(-(x + z) / 2) + 0.3 * sp.cos(3 * y)


def L(f):
    return a[0] * f.diff(x) + a[1] * f.diff(y) + a[2] * f.diff(z) + 0.5 * f


domain = Box(x=(0, 1), y=(0, 1), z=(0, 1))
problem = Problem(u(x, y, z), domain, name="advection3d-steady")
problem.equation("pde", sp.Eq(L(u(x, y, z)), sp.expand(L(exact))))
problem.inflow("inflow", sp.Eq(u(x, y, z), exact))
problem.exact(exact)
