"""Steady 3-D Poisson on a flat box [0, 4] x [0, 2] x [0, 0.25].

-lap u = f, exact u = exp(-((x - 1.5)^2 + (y - 1)^2) / 0.5) (1 + z) / (1 + 0.2 x) + sin(pi z /
0.25) / 4 ;
Dirichlet on the four sides and the bottom, Neumann (given flux) on top.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
u = sp.Function("u")
H = sp.Rational(1, 4)
exact = (
    sp.exp(-((x - 1.5) ** 2 + (y - 1) ** 2) / 0.5) * (1 + z) / (1 + x / 5)
    + sp.sin(sp.pi * z / H) / 4
)

domain = Box(x=(0, 4), y=(0, 2), z=(0, H))
problem = Problem(u(x, y, z), domain, name="poisson3d-flat")
U = u(x, y, z)
problem.equation("pde", sp.Eq(-U.diff(x, 2) - U.diff(y, 2) - U.diff(z, 2), 0))
for name, axis, value in [("x0", x, 0), ("x4", x, 4), ("y0", y, 0), ("y2", y, 2), ("z0", z, 0)]:
    problem.condition(name, sp.Eq(U.subs(axis, value), 0))
problem.condition("ztop", sp.Eq(U.diff(z).subs(z, H), 0))
problem = problem.manufactured(exact)
