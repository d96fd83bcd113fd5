"""Steady transport with absorption in three space axes (no time axis).

    u_x + 0.5 u_y - 0.25 u_z + u = 0   on (x, y, z) in [0, 1]^3.

The flow (1, 0.5, -0.25) enters through x = 0, y = 0 and z = 1 (found by ``problem.inflow``);
along each streamline u decays as exp(-x). Exact:

    u = exp(-x) g(y - x / 2, z + x / 4),
    g(p, q) = exp(-((p - 0.4)^2 + (q - 0.5)^2) / 0.2^2) + sin(2 p + q) / 2.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
u = sp.Function("u")


def g(p, q):
    return sp.exp(-((p - 0.4) ** 2 + (q - 0.5) ** 2) / 0.2**2) + sp.sin(2 * p + q) / 2


exact = sp.exp(-x) * g(y - x / 2, z + x / 4)

domain = Box(x=(0, 1), y=(0, 1), z=(0, 1))
problem = Problem(u(x, y, z), domain, name="transport-steady-3d")
U = u(x, y, z)
problem.equation("pde", sp.Eq(U.diff(x) + U.diff(y) / 2 - U.diff(z) / 4 + U, 0))
problem.inflow("inflow", sp.Eq(U, exact))
problem.exact(exact)
