"""Steady advection-diffusion on an annulus: -eps (u_xx + u_yy) + b . grad u = f.

Domain: the ring between the circles of radius 0.4 and 1 about the origin
(Disk(radius=1) - Disk(radius=0.4)); no time axis. eps = 0.1, constant wind b = (1, 0.5).

Conditions: u given (Dirichlet) on the outer circle and on the hole's rim (two conditions,
split with .where on the radius). All data are the exact solution's.

Exact solution (manufactured; f = -eps Δu + b . grad u is derived from it):

    u = exp(x / 2) sin(x + 2 y) + x y.
"""

import sympy as sp

from pinnls import Disk, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
eps = sp.Rational(1, 10)
bx, by = 1, sp.Rational(1, 2)
exact = sp.exp(x / 2) * sp.sin(x + 2 * y) + x * y


def operator(w):
    """-eps Δw + b . grad w."""
    return -eps * (w.diff(x, 2) + w.diff(y, 2)) + bx * w.diff(x) + by * w.diff(y)


ring = Disk(center=(0, 0), radius=1) - Disk(center=(0, 0), radius=0.4)
problem = Problem(u(x, y), ring, name="advdiff-annulus")
U = u(x, y)
problem.equation("pde", sp.Eq(operator(U), operator(exact)))
inner = x**2 + y**2 < 0.7**2  # the hole's rim (radius 0.4), not the outer circle
problem.condition("outer", sp.Eq(U, exact), on=ring.boundary.where(sp.Not(inner)))
problem.condition("hole", sp.Eq(U, exact), on=ring.boundary.where(inner))
problem.exact(exact)
