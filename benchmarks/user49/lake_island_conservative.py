"""Steady pollutant in a round lake (radius 2 km) with an island, written in conservative form.

    0 = -div(a c) - lam c + f   on the disk r <= 2 km minus the island (centre (0.5, 0.3) km,
                                 radius 0.3 km),

c in mg/L, a = (0.6, 0.3) km/h a uniform drift, decay lam = 0.1 1/h. Written with every term
on the right and minus signs, as div(a c) with sympy's diff of the product. Exact:
c = exp(-0.2 x) (1 + 0.5 cos(1.5 y)) (a smooth field; f follows from it by hand below).
Inflow data on the upstream half of the shore and the downstream half of the island's rim
(problem.inflow).
"""

import sympy as sp

from pinnls import Disk, Problem

x, y = sp.symbols("x y")
c = sp.Function("c")

a = (sp.Rational(3, 5), sp.Rational(3, 10))  # km/h
lam = sp.Rational(1, 10)  # 1/h

exact = sp.exp(-x / 5) * (1 + sp.cos(sp.Rational(3, 2) * y) / 2)
f = sp.diff(a[0] * exact, x) + sp.diff(a[1] * exact, y) + lam * exact

lake = Disk(center=(0, 0), radius=2) - Disk(
    center=(sp.Rational(1, 2), sp.Rational(3, 10)), radius=sp.Rational(3, 10)
)
problem = Problem(c(x, y), lake, name="lake-island-conservative")
C = c(x, y)
problem.equation("pde", sp.Eq(0, -sp.diff(a[0] * C, x) - sp.diff(a[1] * C, y) - lam * C + f))
problem.inflow("inflow", sp.Eq(C, exact))
problem.exact(exact)
