"""A hot stadium-shaped plate cooling in air: T_t = alpha (T_xx + T_yy).

Domain: a plate with two rounded ends (a stadium: the rectangle x in [0.5, 2], y in [0, 1]
joined with two disks of radius 0.5 centred at (0.5, 0.5) and (2, 0.5)), lengths in dm,
over t in [0, 30] s. alpha = 0.01 dm^2/s (1e-4 m^2/s, about that of aluminium).

Conditions: the initial temperature (deg C); the straight edges y = 0 and y = 1 held at the
exact temperature (clamped to heat-sunk rails, Dirichlet); the rounded ends cool by convection,
-dT/dn = H (T - T_air) + g with H = 2 1/dm, T_air = 20 deg C, g the exact solution's residual
flux (a Robin condition with the outward normal).

Exact solution: a decaying mode over a steady gradient,

    T = 20 + 5 x + 40 exp(-alpha (4 + pi^2) t) cos(2 (x - 1.25)) cos(pi (y - 0.5)).
"""

import sympy as sp

from pinnls import Box, Disk, Problem

x, y, t = sp.symbols("x y t")
T = sp.Function("T")
R = sp.Rational
alpha = R(1, 100)
H = 2
T_air = 20
exact = (
    20
    + 5 * x
    + 40
    * sp.exp(-alpha * (4 + sp.pi**2) * t)
    * sp.cos(2 * (x - R(5, 4)))
    * sp.cos(sp.pi * (y - R(1, 2)))
)

plate = Box(x=(0.5, 2.0), y=(0, 1)) | Disk((0.5, 0.5), 0.5) | Disk((2.0, 0.5), 0.5)
domain = plate * Box(t=(0, 30))
n = plate.normal
problem = Problem(T(x, y, t), domain, name="heat-stadium-plate")
U = T(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t), alpha * (U.diff(x, 2) + U.diff(y, 2))))
problem.condition("initial", sp.Eq(T(x, y, 0), exact.subs(t, 0)))
ends = sp.Or(x < 0.5, x > 2.0)


def dn(w):
    return n[0] * w.diff(x) + n[1] * w.diff(y)


g = -dn(exact) - H * (exact - T_air)
problem.condition("rails", sp.Eq(U, exact), on=domain.boundary.where(sp.Not(ends)))
problem.condition("ends", sp.Eq(-dn(U), H * (U - T_air) + g), on=domain.boundary.where(ends))
problem.exact(exact)
