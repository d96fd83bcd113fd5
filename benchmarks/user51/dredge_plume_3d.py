"""Steady suspended-sediment plume downstream of a dredger's overflow in a tidal channel
(3-D, steady: the flood current is steady over the hour that matters).

    U c_x - ws c_z = Kh (c_xx + c_yy) + Kv c_zz

on x in [0, 600] m (downstream), y in [-60, 60] m (across), z in [-20, 0] m (z up, the free
surface at z = 0); c in g/m^3 (mg/L). Current U = 0.3 m/s, settling velocity of the fine
fraction ws = 1e-3 m/s, horizontal and vertical eddy diffusivities Kh = 0.5 m^2/s,
Kv = 5e-3 m^2/s (a stratified channel: Kh / Kv = 100). The overflow releases Q = 5000 g/s at
(x, y, z) = (-150, 0, -8) m, 150 m upstream of the box: the box starts where the near field
has collapsed into a passive plume.

Conditions:
    x = 0 (inflow):      c = exact                       (the plume's cross-section)
    y = +-60 m:          c = exact
    z = -20 m (bed):     c = exact
    z = 0 (surface):     -ws c - Kv c_z = exact flux      (the vertical sediment flux; Robin)
    x = 600 m (outflow): c_x = exact                     (Neumann)

Exact solution (by hand): the free-space Green's function of the anisotropic
advection-diffusion operator. Scaling each axis by sqrt(D_i), X_i = (x_i - s_i) / sqrt(D_i),
turns it into a' . grad_X c = Lap_X c with a' = (U / sqrt(Kh), 0, -ws / sqrt(Kv)), whose point
source solution is c = Q / (4 pi sqrt(Kh Kh Kv) rho) exp((a' . X - |a'| rho) / 2), rho = |X|.
The plume is thin in the vertical: 2 m thick (one sigma) at the inflow, 5 m at the outflow,
20 m to 50 m wide, and it sinks 2.5 m over the box.
"""

import math

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
c = sp.Function("c")

U = 0.3  # m/s
ws = 1e-3  # m/s
Kh, Kv = 0.5, 5e-3  # m^2/s
Q = 5000.0  # g/s
xs, ys, zs = -150.0, 0.0, -8.0  # m

X = [(x - xs) / math.sqrt(Kh), (y - ys) / math.sqrt(Kh), (z - zs) / math.sqrt(Kv)]
a = [U / math.sqrt(Kh), 0.0, -ws / math.sqrt(Kv)]
anorm = math.sqrt(sum(ai**2 for ai in a))
rho = sp.sqrt(sum(Xi**2 for Xi in X))
adotX = sum(ai * Xi for ai, Xi in zip(a, X))
exact = Q / (4 * math.pi * math.sqrt(Kh * Kh * Kv) * rho) * sp.exp((adotX - anorm * rho) / 2)

cc = c(x, y, z)
domain = Box(x=(0, 600), y=(-60, 60), z=(-20, 0))
problem = Problem(cc, domain, name="dredge-plume-3d")
problem.equation(
    "pde",
    sp.Eq(
        U * cc.diff(x) - ws * cc.diff(z), Kh * (cc.diff(x, 2) + cc.diff(y, 2)) + Kv * cc.diff(z, 2)
    ),
)
problem.condition("inflow", sp.Eq(c(0, y, z), exact.subs(x, 0)))
problem.condition("side-south", sp.Eq(c(x, -60, z), exact.subs(y, -60)))
problem.condition("side-north", sp.Eq(c(x, 60, z), exact.subs(y, 60)))
problem.condition("bed", sp.Eq(c(x, y, -20), exact.subs(z, -20)))
flux = -ws * exact - Kv * exact.diff(z)
problem.condition(
    "surface-flux", sp.Eq(-ws * c(x, y, 0) - Kv * cc.diff(z).subs(z, 0), flux.subs(z, 0))
)
problem.condition("outflow", sp.Eq(cc.diff(x).subs(x, 600), exact.diff(x).subs(x, 600)))
problem.exact(exact)
