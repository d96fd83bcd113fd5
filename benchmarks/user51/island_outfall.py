"""Steady plume of faecal bacteria from a small island's wastewater seepage in a coastal
current (2-D depth-averaged, steady, on a rectangle with the island cut out).

    U c_x = K (c_xx + c_yy) - kb c

on the rectangle x in [-600, 3000] m, y in [-800, 800] m minus the island, a disk of radius
a = 150 m at the origin (`Box - Disk`); SI units, c in g/m^3 of a conservative-ish indicator
(or cfu scaled). Current U = 0.1 m/s along x, horizontal diffusivity K = 1 m^2/s, first-order
die-off kb = 2e-5 1/s (T90 of about 32 h). The island's septic systems seep q = 2 g/s per
metre of water depth, spread around its shore.

Conditions:
    island shore r = a:   U n_x c - K dc/dn = exact total flux   (the seepage, a Robin
                          condition with the shape's outward normal, which points into the
                          island)
    x = -600 (upstream):  c = exact (essentially 0)
    y = +-800:            c = exact
    x = 3000 (downstream): c_x = exact                         (Neumann)

Exact solution (by hand): the 2-D point-source solution of the advection-diffusion-reaction
operator, source at the island's centre,
    c = q / (2 pi K) exp(U x / (2 K)) K0(beta r),  beta = sqrt(U^2 / (4 K^2) + kb / K),
(substituting c = exp(U x / 2K) phi gives Lap phi = beta^2 phi, whose radial solution is K0).
The island's flux through its shore equals that of the buried point source. The plume is
120 m wide (one sigma) at 700 m and 245 m at 3 km, with e^{Ux/2K} K0(beta r) ~ e^{-60} upstream.
"""

import math

import sympy as sp

from pinnls import Box, Disk, Problem

x, y = sp.symbols("x y")
c = sp.Function("c")

U = 0.1  # m/s
K = 1.0  # m^2/s
kb = 2e-5  # 1/s
q = 2.0  # g/s per m of depth
a = 150.0  # m
xa, xb, ya, yb = -600.0, 3000.0, -800.0, 800.0

beta = math.sqrt(U**2 / (4 * K**2) + kb / K)
r = sp.sqrt(x**2 + y**2)
exact = q / (2 * math.pi * K) * sp.exp(U * x / (2 * K)) * sp.besselk(0, beta * r)

sea = Box(x=(xa, xb), y=(ya, yb)) - Disk(center=(0, 0), radius=a)
n_x, n_y = sea.normal
cc = c(x, y)
problem = Problem(cc, sea, name="island-outfall")
problem.equation("pde", sp.Eq(U * cc.diff(x), K * (cc.diff(x, 2) + cc.diff(y, 2)) - kb * cc))

shore = x**2 + y**2 < (a + 1) ** 2


def total_flux(f):
    return U * n_x * f - K * (n_x * f.diff(x) + n_y * f.diff(y))


problem.condition(
    "shore-seepage", sp.Eq(total_flux(cc), total_flux(exact)), on=sea.boundary.where(shore)
)
problem.condition("upstream", sp.Eq(cc, exact), on=sea.boundary.where(x < xa + 1e-6))
problem.condition(
    "sides", sp.Eq(cc, exact), on=sea.boundary.where(sp.Or(y < ya + 1e-6, y > yb - 1e-6))
)
problem.condition(
    "downstream", sp.Eq(cc.diff(x), exact.diff(x)), on=sea.boundary.where(x > xb - 1e-6)
)
problem.exact(exact)
