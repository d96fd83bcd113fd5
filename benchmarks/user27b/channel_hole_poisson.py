"""Poisson in a channel [0, 5] x [0, 1] with a round hole at (1.5, 0.5), radius 0.2.

-lap u = f, exact u = sin(pi x / 5) sin(pi y) / (1 + y^2) + 0.5 exp(-((x - 3.5)^2 + (y - 0.5)^2)
/ 0.1) ;
Dirichlet on the outer walls, Neumann (given flux) on the hole's rim.
"""

import sympy as sp

from pinnls import Box, Disk, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
holed = Box(x=(0, 5), y=(0, 1)) - Disk(center=(1.5, 0.5), radius=0.2)
n = holed.normal
exact = (
    sp.sin(sp.pi * x / 5) * sp.sin(sp.pi * y) / (1 + y**2)
    + sp.exp(-((x - 3.5) ** 2 + (y - 0.5) ** 2) / 0.1) / 2
)

problem = Problem(u(x, y), holed, name="channel-hole-poisson")
U = u(x, y)
problem.equation("pde", sp.Eq(-U.diff(x, 2) - U.diff(y, 2), 0))
rim = (x - 1.5) ** 2 + (y - 0.5) ** 2 < 0.3**2
problem.condition(
    "hole", sp.Eq(n[0] * U.diff(x) + n[1] * U.diff(y), 0), on=holed.boundary.where(rim)
)
problem.condition("walls", sp.Eq(U, 0), on=holed.boundary.where(sp.Not(rim)))
problem = problem.manufactured(exact)
