"""-Δu = f on the unit disk around (0.5, 0.5), u given on the rim: exact u = sin(πx) e^y."""

import sympy as sp

from pinnls import Disk, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
exact = sp.sin(sp.pi * x) * sp.exp(y)

disk = Disk(center=(0.5, 0.5), radius=0.5)
problem = Problem(u(x, y), disk, name="poisson-disk")
laplacian = u(x, y).diff(x, 2) + u(x, y).diff(y, 2)
problem.equation("pde", sp.Eq(-laplacian, -sp.diff(exact, x, 2) - sp.diff(exact, y, 2)))
problem.condition("rim", sp.Eq(u(x, y), exact), on=disk.boundary)
problem.exact(exact)
