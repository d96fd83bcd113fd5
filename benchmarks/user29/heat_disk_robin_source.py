"""Heat on an off-centre disk with a source, held on the left half of the rim and cooled
through a Robin condition on the right half.

PDE:    u_t = 0.3 (u_xx + u_yy) + f   (f from the exact solution)
Domain: Disk(center (0.5, 0.2), radius 0.8) x t in [0, 1]
Data:   u(x, y, 0); on the rim with x < 0.5: u = exact; on the rim with x >= 0.5:
        du/dn + 2 u = (the same of the exact solution), n the outward normal.
Exact:  u = exp(-t) cos(x + 2 y) + t x y^2 + 0.5 sin(3 t)   (manufactured, smooth).
"""

import sympy as sp

from pinnls import Box, Disk, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
kappa = sp.Rational(3, 10)
exact = sp.exp(-t) * sp.cos(x + 2 * y) + t * x * y**2 + sp.sin(3 * t) / 2

disk = Disk(center=(0.5, 0.2), radius=0.8)
domain = disk * Box(t=(0, 1))
n = disk.normal
problem = Problem(u(x, y, t), domain, name="heat-disk-robin-source")
U = u(x, y, t)
f = exact.diff(t) - kappa * (exact.diff(x, 2) + exact.diff(y, 2))
problem.equation("pde", sp.Eq(U.diff(t), kappa * (U.diff(x, 2) + U.diff(y, 2)) + f))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
right = x > sp.Rational(1, 2)
problem.condition("held", sp.Eq(U, exact), on=domain.boundary.where(sp.Not(right)))


def robin(v):
    return n[0] * v.diff(x) + n[1] * v.diff(y) + 2 * v


problem.condition("cooled", sp.Eq(robin(U), robin(exact)), on=domain.boundary.where(right))
problem.exact(exact)
