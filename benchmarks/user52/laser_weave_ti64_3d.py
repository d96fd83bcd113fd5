"""Laser surface hardening / directed-energy deposition pass on a Ti-6Al-4V block: a Gaussian
spot that weaves sideways while it travels (3-D transient conduction with a volumetric,
Beer-Lambert-like absorbed source), manufactured.

    T_t = alpha (T_xx + T_yy + T_zz) + S(x, y, z, t)        (S = q''' / (rho c), K/s)

on x in [0, 30] mm, y in [-8, 8] mm, z in [-4, 0] mm (z = 0 the irradiated top surface),
t in [0, 4] s; mm, s, W, degC. Ti-6Al-4V: k = 7e-3 W/(mm K), alpha = 2.9 mm^2/s.
Spot path: x_c = 5 + 5 t mm (5 mm/s), y_c = 2 sin(pi t) mm (a 2 mm weave of period 2 s).
Top surface cooled by the shielding-gas jet, h = 1e-4 W/(mm^2 K) (100 W/(m^2 K)); ambient,
substrate and initial temperature T0 = 25 degC.

Conditions:
    t = 0:           T = T0                              (block at room temperature)
    z = 0 (top):     -k T_z = h (T - T0) + exact data    (Robin: gas cooling; the laser is in S)
    z = -4 (bottom): T = exact                           (clamped on a water-cooled table)
    x = 0, 30; y = +-8:  T = exact                       (far field: within 1 K of T0, but
                                                          7 K at x = 30 as the spot nears it)

Exact solution (manufactured): the hot spot the engineer wants to see,
    T = T0 + 900 (1 - exp(-t / 0.25)) exp(-((x - x_c)^2 + (y - y_c)^2) / (2 s^2)) exp(z / 1.2),
s = 1.6 mm (the temperature footprint), a 1.2 mm penetration depth, 900 K peak rise reached
within about a second. The source S = T_t - alpha Lap T is derived with sympy below.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z, t = sp.symbols("x y z t")
T = sp.Function("T")

k = 7e-3  # W/(mm K)
alpha = 2.9  # mm^2/s
h = 1e-4  # W/(mm^2 K)
T0 = 25.0  # degC
dT, tau, s, delta = 900.0, 0.25, 1.6, 1.2
xc = 5 + 5 * t
yc = 2 * sp.sin(sp.pi * t)

exact = T0 + dT * (1 - sp.exp(-t / tau)) * sp.exp(
    -((x - xc) ** 2 + (y - yc) ** 2) / (2 * s**2)
) * sp.exp(z / delta)
source = exact.diff(t) - alpha * (exact.diff(x, 2) + exact.diff(y, 2) + exact.diff(z, 2))

Tf = T(x, y, z, t)
domain = Box(x=(0, 30), y=(-8, 8), z=(-4, 0), t=(0, 4))
problem = Problem(Tf, domain, name="laser-weave-ti64-3d")
problem.equation(
    "conduction",
    sp.Eq(Tf.diff(t), alpha * (Tf.diff(x, 2) + Tf.diff(y, 2) + Tf.diff(z, 2)) + source),
)
problem.condition("initial", sp.Eq(T(x, y, z, 0), T0))
robin_data = (-k * exact.diff(z) - h * (exact - T0)).subs(z, 0)
problem.condition(
    "top-gas-cooling", sp.Eq(-k * Tf.diff(z).subs(z, 0) - h * (T(x, y, 0, t) - T0), robin_data)
)
problem.condition("bottom-table", sp.Eq(T(x, y, -4, t), exact.subs(z, -4)))
for axis, value in [(x, 0), (x, 30), (y, -8), (y, 8)]:
    name = f"side-{axis}{'m' if value < 0 else ''}{abs(value)}"
    problem.condition(name, sp.Eq(Tf.subs(axis, value), exact.subs(axis, value)))
problem.exact(exact)
