"""A square cooling fin pierced by a heated pipe: the temperature excess u of a thin plate that
loses heat through its faces, -(u_xx + u_yy) + c u = 0 (modified Helmholtz, c = h P / (k A)),
with the heat flux from the pipe prescribed on the hole's rim (Neumann) and the temperature
held on the plate's outer edges.

    -(u_xx + u_yy) + c u = 0   in the square (-1, 1)^2 minus the disk of radius R = 3/10 about
                               (-1/4, 0),  c = 16 (a parameter), kappa = sqrt(c)
    du/dn = g                  on the rim (n the plate's outward normal, into the pipe)
    u = exact                  on the square's four edges

Exact solution: the pipe's field, the first two multipoles of modified Helmholtz about the
hole's centre (K_0 and K_1 cos theta, the solutions that decay away from it and are singular
only inside the hole), plus a smooth solution, exp(kappa (x - 1)), that stands for the heat
coming in from the right-hand edge:

    u = K_0(kappa rho) / K_0(kappa R) + (1/2) K_1(kappa rho) cos(theta) / K_1(kappa R)
        + exp(kappa (x - 1)),

(rho, theta) polar about (-1/4, 0), cos(theta) = (x + 1/4) / rho (no angle branch needed).
Delta (K_n(kappa rho) cos(n theta)) = kappa^2 K_n cos(n theta) by the modified Bessel equation,
and Delta exp(kappa x) = kappa^2 exp(kappa x). g = n . grad(exact) on the rim, computed by sympy
with the normal's symbols. u lies between 0.01 and 1.53 (largest on the rim's right side, where
the dipole adds to the monopole; 0.5 on its left side); K_n is scipy's kv.

Well posed: -Delta + c with c > 0 is coercive on H^1; Dirichlet data on the outer edges and a
flux on the rim give a unique solution (no free constant).

Hard: the hole's field decays over a length 1/kappa = 1/4 and is singular just inside the rim
(K_0 ~ -ln rho, K_1 ~ 1/rho), so it is steep along the rim, where only a flux holds it; it is
off-centre, 0.45 from the left edge, and meets the smooth field coming from the right edge.
"""

import sympy as sp

from pinnls import Box, Disk, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
c = sp.Symbol("c")

kappa = sp.sqrt(c)
x0, R = -sp.Rational(1, 4), sp.Rational(3, 10)
rho = sp.sqrt((x - x0) ** 2 + y**2)
cos_theta = (x - x0) / rho
pipe = sp.besselk(0, kappa * rho) / sp.besselk(0, kappa * R) + sp.besselk(
    1, kappa * rho
) * cos_theta / (2 * sp.besselk(1, kappa * R))
exact = pipe + sp.exp(kappa * (x - 1))

hole = Disk(center=(float(x0), 0), radius=float(R))
fin = Box(x=(-1, 1), y=(-1, 1)) - hole
problem = Problem(u(x, y), fin, name="fin-hole-neumann", parameters={"c": 16.0})
lap = u(x, y).diff(x, 2) + u(x, y).diff(y, 2)
problem.equation("pde", sp.Eq(-lap + c * u(x, y), 0))
n = fin.normal
rim = (x - x0) ** 2 + y**2 < sp.Rational(2, 5) ** 2
flux = n[0] * u(x, y).diff(x) + n[1] * u(x, y).diff(y)
g = n[0] * exact.diff(x) + n[1] * exact.diff(y)
problem.condition("rim", sp.Eq(flux, g), on=fin.boundary.where(rim))
problem.condition("edges", sp.Eq(u(x, y), exact), on=fin.boundary.where(sp.Not(rim)))
problem.exact(exact)
