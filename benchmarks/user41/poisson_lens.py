"""Poisson's equation -Lap u = f on a lens (the intersection of two disks).

Lens = Disk((0.3, 0.5), 0.45) & Disk((0.7, 0.5), 0.45). Dirichlet on the left arc (the arc of
the right disk), Neumann (du/dn given) on the right arc (the arc of the left disk).
Exact: u = exp(-((x-0.5)^2 + (y-0.6)^2)/0.15^2) + cos(2 pi y) x.
"""

import sympy as sp

from pinnls import Disk, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
R = sp.Rational
lens = Disk(center=(0.3, 0.5), radius=0.45) & Disk(center=(0.7, 0.5), radius=0.45)
exact = (
    sp.exp(-((x - R(1, 2)) ** 2 + (y - R(3, 5)) ** 2) / R(3, 20) ** 2) + sp.cos(2 * sp.pi * y) * x
)
n = lens.normal

U = u(x, y)
problem = Problem(U, lens, name="poisson-lens")
problem.equation("pde", sp.Eq(-U.diff(x, 2) - U.diff(y, 2), -exact.diff(x, 2) - exact.diff(y, 2)))
left = x < 0.5
problem.condition("left-arc", sp.Eq(U, exact), on=lens.boundary.where(left))
problem.condition(
    "right-arc",
    sp.Eq(n[0] * U.diff(x) + n[1] * U.diff(y), n[0] * exact.diff(x) + n[1] * exact.diff(y)),
    on=lens.boundary.where(sp.Not(left)),
)
problem.exact(exact)
