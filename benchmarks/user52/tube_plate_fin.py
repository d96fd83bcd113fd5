"""One cell of a fin-and-tube heat exchanger (a car radiator or an HVAC coil): a square
aluminium plate fin around a round tube, steady 2-D fin equation, with the tube cut out.

    k d (T_xx + T_yy) = 2 h (T - T_air)

on the square x, y in [-12.7, 12.7] mm (a 25.4 mm tube pitch) minus the tube, a disk of
outer radius r0 = 4.75 mm (3/8 in tube) at the centre; mm, W, degC. Fin: aluminium
k = 0.2 W/(mm K), thickness d = 0.12 mm; air side h = 5e-5 W/(mm^2 K) (50 W/(m^2 K)):
m^2 = 2 h / (k d) = 4.17e-3 1/mm^2, m = 0.0645 1/mm. Hot water in the tube keeps the collar
at T_b = 80 degC; air at T_air = 20 degC.

Conditions:
    tube collar r = r0:    T = T_b (uniform)
    the four cell edges:   -k dT/dn = exact heat flux (Neumann, the outward normal; about
                           zero by symmetry in a real coil, here the small exact remainder)

Exact solution (by hand), th = T - T_air, r and phi polar about the tube axis:
    th = A I0(m r) + B K0(m r) + C [I4(m r) - I4(m r0) / K4(m r0) K4(m r)] cos(4 phi)
Each term solves Lap th = m^2 th (modified Bessel functions). A, B make the collar
th_b = 60 K and the radial flux vanish at Schmidt's equivalent radius r_e = 1.128 x 12.7 mm
(the circle of the cell's area), the classic circular-fin approximation of the square fin;
the cos(4 phi) harmonic, zero on the collar, makes the corners cooler (C I4(m 12.7) = 0.84 K,
the least-squares fit of zero flux on the edges), so that the square's edges are nearly
adiabatic: edge flux below 0.023 W/mm^2 against 0.8 W/mm^2 through the collar (per unit of
fin cross-section). Corner 64.2 degC, edge midpoint 67.6 degC.
cos(4 phi) = (x^4 - 6 x^2 y^2 + y^4) / r^4.
"""

import math

import sympy as sp
from scipy import special

from pinnls import Box, Disk, Problem

x, y = sp.symbols("x y")
T = sp.Function("T")

half = 12.7  # mm
r0 = 4.75  # mm
k, d, h = 0.2, 0.12, 5e-5
m = math.sqrt(2 * h / (k * d))
T_b, T_air = 80.0, 20.0
th_b = T_b - T_air
r_e = 1.128 * half

# A I0(m r0) + B K0(m r0) = th_b and A I1(m r_e) - B K1(m r_e) = 0
ratio = special.i1(m * r_e) / special.k1(m * r_e)  # B = A * ratio
A = th_b / (special.i0(m * r0) + ratio * special.k0(m * r0))
B = A * ratio
C = 0.84 / special.iv(4, m * half)
D = -C * special.iv(4, m * r0) / special.kv(4, m * r0)

r = sp.sqrt(x**2 + y**2)
cos4 = (x**4 - 6 * x**2 * y**2 + y**4) / r**4
theta = (
    A * sp.besseli(0, m * r)
    + B * sp.besselk(0, m * r)
    + (C * sp.besseli(4, m * r) + D * sp.besselk(4, m * r)) * cos4
)
exact = T_air + theta

fin = Box(x=(-half, half), y=(-half, half)) - Disk(center=(0, 0), radius=r0)
n_x, n_y = fin.normal
Tf = T(x, y)
problem = Problem(Tf, fin, name="tube-plate-fin")
problem.equation("fin", sp.Eq(k * d * (Tf.diff(x, 2) + Tf.diff(y, 2)), 2 * h * (Tf - T_air)))
collar = x**2 + y**2 < (r0 + 0.1) ** 2
problem.condition("tube-collar", sp.Eq(Tf, T_b), on=fin.boundary.where(collar))


def outward_flux(f):
    return -k * (n_x * f.diff(x) + n_y * f.diff(y))


problem.condition(
    "cell-edges",
    sp.Eq(outward_flux(Tf), outward_flux(exact)),
    on=fin.boundary.where(sp.Not(collar)),
)
problem.exact(exact)
