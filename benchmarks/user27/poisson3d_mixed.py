"""Steady 3-D Poisson on the box [0, 1] x [0, 2] x [0, 0.5] with mixed faces.

-lap u = f, exact u = exp(-((x - 0.4)^2 + (y - 1.2)^2 + (z - 0.2)^2) / 0.3) + x y z / 2.
Dirichlet on x = 0, x = 1, z = 0; Neumann (given flux) on y = 0, y = 2 and z = 0.5.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
u = sp.Function("u")
exact = sp.exp(-((x - 0.4) ** 2 + (y - 1.2) ** 2 + (z - 0.2) ** 2) / 0.3) + x * y * z / 2
lap = lambda f: f.diff(x, 2) + f.diff(y, 2) + f.diff(z, 2)  # noqa: E731

domain = Box(x=(0, 1), y=(0, 2), z=(0, 0.5))
problem = Problem(u(x, y, z), domain, name="poisson3d-mixed")
U = u(x, y, z)
problem.equation("pde", sp.Eq(-lap(U), -lap(exact)))
problem.condition("x0", sp.Eq(u(0, y, z), exact.subs(x, 0)))
problem.condition("x1", sp.Eq(u(1, y, z), exact.subs(x, 1)))
problem.condition("z0", sp.Eq(u(x, y, 0), exact.subs(z, 0)))
# outward flux -u_y on y=0, u_y on y=2, u_z on z=0.5
problem.condition("y0", sp.Eq(-U.diff(y).subs(y, 0), -exact.diff(y).subs(y, 0)))
problem.condition("y2", sp.Eq(U.diff(y).subs(y, 2), exact.diff(y).subs(y, 2)))
problem.condition("ztop", sp.Eq(U.diff(z).subs(z, 0.5), exact.diff(z).subs(z, 0.5)))
problem.exact(exact)
