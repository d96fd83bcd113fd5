"""Steady heat conduction in a thin metal slab, SI units: -k (T_xx + T_yy + T_zz) = Q(x, y, z).

Domain: x in [0, 0.2] m, y in [0, 0.05] m, z in [0, 0.01] m (a 20 cm x 5 cm x 1 cm slab); no
time axis. Conductivity k = 50 W/(m K). Q (W/m^3) is the volumetric heating that the exact
solution needs.

Conditions: T given (K) on the faces x = 0, x = 0.2, y = 0, y = 0.05 and z = 0 (Dirichlet); on
the top face z = 0.01 a convective (Robin) condition -k T_z = h (T - T_inf) + g, h = 500
W/(m^2 K), T_inf = 293.15 K, with g the exact solution's residual flux. All data are the exact
solution's.

Exact solution (K):

    T = 300 + 40 sin(pi x / 0.2) sin(pi y / 0.05) (1 + z / 0.01) + 50 x / 0.2 + 20 y z / 0.0005.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
T = sp.Function("T")
R = sp.Rational
k = 50
h = 500
T_inf = R(29315, 100)
Lx, Ly, Lz = R(1, 5), R(1, 20), R(1, 100)
exact = (
    300
    + 40 * sp.sin(sp.pi * x / Lx) * sp.sin(sp.pi * y / Ly) * (1 + z / Lz)
    + 50 * x / Lx
    + 20 * y * z / (Ly * Lz)
)
Q = -k * (exact.diff(x, 2) + exact.diff(y, 2) + exact.diff(z, 2))

domain = Box(x=(0, Lx), y=(0, Ly), z=(0, Lz))
problem = Problem(T(x, y, z), domain, name="heat-slab-3d-si")
U = T(x, y, z)
problem.equation("pde", sp.Eq(-k * (U.diff(x, 2) + U.diff(y, 2) + U.diff(z, 2)), Q))
for axis, value in [(x, 0), (x, Lx), (y, 0), (y, Ly), (z, 0)]:
    name = f"face-{axis}{'0' if value == 0 else '1'}"
    problem.condition(name, sp.Eq(U.subs(axis, value), exact.subs(axis, value)))
g = (-k * exact.diff(z) - h * (exact - T_inf)).subs(z, Lz)  # W/m^2, the residual flux
top_flux = -k * U.diff(z).subs(z, Lz)
problem.condition("top-convective", sp.Eq(top_flux, h * (U.subs(z, Lz) - T_inf) + g))
problem.exact(exact)
