"""Steady 3-D advection-diffusion with Robin conditions on two faces.

-0.05 Lap u + (1, 0.5, -0.3) . grad u = f on the unit cube.
Robin on x = 1 (u_x + 2 u = g) and on z = 0 (-u_z + u = g, outward normal -z);
Dirichlet on the other four faces. Exact (manufactured):
u = exp(-((x-0.45)^2 + (y-0.5)^2 + (z-0.55)^2) / 0.2^2) + 0.3 sin(2 pi x) cos(pi y) z.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
u = sp.Function("u")
R = sp.Rational
eps = R(1, 20)
exact = (
    sp.exp(-((x - R(9, 20)) ** 2 + (y - R(1, 2)) ** 2 + (z - R(11, 20)) ** 2) / R(1, 5) ** 2)
    + R(3, 10) * sp.sin(2 * sp.pi * x) * sp.cos(sp.pi * y) * z
)


def op(v):
    lap = v.diff(x, 2) + v.diff(y, 2) + v.diff(z, 2)
    return -eps * lap + v.diff(x) + R(1, 2) * v.diff(y) - R(3, 10) * v.diff(z)


U = u(x, y, z)
domain = Box(x=(0, 1), y=(0, 1), z=(0, 1))
problem = Problem(U, domain, name="advdiff3d-robin-faces")
problem.equation("pde", sp.Eq(op(U), op(exact)))
problem.condition(
    "robin-x1", sp.Eq(U.diff(x).subs(x, 1) + 2 * u(1, y, z), (exact.diff(x) + 2 * exact).subs(x, 1))
)
problem.condition(
    "robin-z0", sp.Eq(-U.diff(z).subs(z, 0) + u(x, y, 0), (-exact.diff(z) + exact).subs(z, 0))
)
problem.condition("x0", sp.Eq(u(0, y, z), exact.subs(x, 0)))
problem.condition("y0", sp.Eq(u(x, 0, z), exact.subs(y, 0)))
problem.condition("y1", sp.Eq(u(x, 1, z), exact.subs(y, 1)))
problem.condition("z1", sp.Eq(u(x, y, 1), exact.subs(z, 1)))
problem.exact(exact)
