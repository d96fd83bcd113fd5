"""Heat in an annular plate with an insulated hole, cooled on its outer rim, with a source.

PDE (the annulus 2/5 < r < 1 about the origin, r^2 = x^2 + y^2, t in [0, 1]):

    u_t = kappa (u_xx + u_yy) + f(x, y, t),        kappa = 1/10.

Boundary conditions: the outer rim r = 1 is held at the coolant's temperature, u = 0
(Dirichlet); the inner rim r = 2/5, the hole, is insulated: no heat crosses it, n . grad u = 0
with n the annulus's outward normal (pointing into the hole, towards the centre).

Exact solution (manufactured), a radial part and a part of angular order 1 that decay at
different rates:

    u = exp(-t) (1 - r^2)(r^2 + 1 - 2 a^2) + exp(-3 t) x (1 - r^2)(r^2 + beta),   a = 2/5.

Both parts vanish on r = 1. The radial profile g(r) = (1 - r^2)(r^2 + 1 - 2 a^2) has
g'(r) = 4 r (a^2 - r^2), zero on r = a; the second part is
r cos(theta) q(r) with q = (1 - r^2)(r^2 + beta), whose radial derivative q + r q' vanishes
at r = a for beta = a^2 (3 - 5 a^2) / (3 a^2 - 1) = -44/65. So the insulation holds on the
whole inner rim. The source f = u_t - kappa lap u is computed from u (the plate is heated
so that this u is its temperature).

Well-posedness: the heat equation is parabolic; it takes the initial temperature and one
condition on every part of the boundary (here Dirichlet on the outer rim, Neumann on the
inner one). The Dirichlet rim fixes the level, so no constant is left free.
"""

import sympy as sp

from pinnls import Box, Disk, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

kappa = sp.Rational(1, 10)
a = sp.Rational(2, 5)  # radius of the hole
beta = sp.Rational(-44, 65)
r2 = x**2 + y**2
exact = sp.exp(-t) * (1 - r2) * (r2 + 1 - 2 * a**2) + sp.exp(-3 * t) * x * (1 - r2) * (r2 + beta)
source = sp.expand(exact.diff(t) - kappa * (exact.diff(x, 2) + exact.diff(y, 2)))

annulus = Disk(center=(0, 0), radius=1) - Disk(center=(0, 0), radius=a)
domain = annulus * Box(t=(0, 1))
n = annulus.normal

U = u(x, y, t)
problem = Problem(U, domain, name="heat-annulus-insulated")
problem.equation("pde", sp.Eq(U.diff(t) - kappa * (U.diff(x, 2) + U.diff(y, 2)), source))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
hole = r2 < sp.Rational(7, 10) ** 2  # the inner rim, not the outer one
problem.condition("outer", sp.Eq(U, 0), on=domain.boundary.where(sp.Not(hole)))
problem.condition(
    "insulated", sp.Eq(n[0] * U.diff(x) + n[1] * U.diff(y), 0), on=domain.boundary.where(hole)
)
problem.exact(exact)
