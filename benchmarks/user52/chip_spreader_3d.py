"""A CPU hot spot under an orthotropic heat spreader (copper-graphite composite) on a
liquid cold plate: steady 3-D conduction with a chip power map, adiabatic sides and a
convective top (electronics cooling).

    k_p (T_xx + T_yy) + k_z T_zz = 0

on x, y in [0, 40] mm, z in [0, 3] mm (z = 0 the chip side, z = 3 the cold plate); mm, W,
degC. In-plane k_p = 0.8 W/(mm K) (800 W/(m K)), through-plane k_z = 0.2 W/(mm K). Cold
plate: h = 0.01 W/(mm^2 K) (10 kW/(m^2 K), thermal grease included) to coolant at
T_f = 30 degC. Chip: a 60 W hot spot, Gaussian footprint sigma = 4 mm at the centre,
0.6 W/mm^2 peak (60 W/cm^2).

Conditions:
    z = 0 (chip):         -k_z T_z = q(x, y)               (Neumann, the power map)
    z = 3 (cold plate):   -k_z T_z = h (T - T_f)           (Robin)
    x = 0, 40; y = 0, 40: T_x = 0, T_y = 0                 (adiabatic sides)

q(x, y) is the Gaussian map's cosine series, terms m, n even <= 8 (25 terms; the Gaussian's
tails outside the 40 mm square are neglected; the truncation leaves ripples down to
-0.002 W/mm^2; q = P / (2 pi sigma^2) sum c_m c_n
cos(m pi x / 40) cos(n pi y / 40), c_0 = sqrt(2 pi) sigma / 40, c_m = 2 c_0 exp(-(m pi
sigma / 40)^2 / 2) cos(m pi / 2)).

Exact solution (by hand): separation of variables,
    T = T_f + sum A_mn cos(m pi x / 40) cos(n pi y / 40) Z_mn(z),
    Z_mn = cosh(lam (3 - z)) + h / (k_z lam) sinh(lam (3 - z)),
    lam = sqrt(k_p / k_z) pi sqrt(m^2 + n^2) / 40,   (Z_00 = 1 + h (3 - z) / k_z)
each term adiabatic on the sides and satisfying the Robin top exactly; the chip side fixes
A_mn = q_mn / (k_z lam sinh(3 lam) + h cosh(3 lam)). The hot spot reaches 40.1 degC
(3.75 K of mean rise over the coolant plus 6.4 K of spreading), the far corner 33.1 degC.
"""

import math

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
T = sp.Function("T")

L, c = 40.0, 3.0  # mm
kp, kz = 0.8, 0.2  # W/(mm K)
h = 0.01  # W/(mm^2 K)
T_f = 30.0  # degC
P, sigma = 60.0, 4.0  # W, mm
orders = [0, 2, 4, 6, 8]

c0 = math.sqrt(2 * math.pi) * sigma / L
coef = {
    mm: c0
    if mm == 0
    else 2 * c0 * math.exp(-((mm * math.pi * sigma / L) ** 2) / 2) * math.cos(mm * math.pi / 2)
    for mm in orders
}
q0 = P / (2 * math.pi * sigma**2)

power_map = 0
exact = T_f
for mm in orders:
    for nn in orders:
        qmn = q0 * coef[mm] * coef[nn]
        shape = sp.cos(mm * math.pi * x / L) * sp.cos(nn * math.pi * y / L)
        power_map += qmn * shape
        if mm == 0 and nn == 0:
            exact += qmn / h * (1 + h * (c - z) / kz)
            continue
        lam = math.sqrt(kp / kz) * math.pi * math.hypot(mm, nn) / L
        Z = sp.cosh(lam * (c - z)) + h / (kz * lam) * sp.sinh(lam * (c - z))
        g = kz * lam * math.sinh(lam * c) + h * math.cosh(lam * c)
        exact += qmn / g * shape * Z

Tf = T(x, y, z)
domain = Box(x=(0, L), y=(0, L), z=(0, c))
problem = Problem(Tf, domain, name="chip-spreader-3d")
problem.equation("conduction", sp.Eq(kp * (Tf.diff(x, 2) + Tf.diff(y, 2)) + kz * Tf.diff(z, 2), 0))
problem.condition("chip-power", sp.Eq(-kz * Tf.diff(z).subs(z, 0), power_map))
problem.condition("cold-plate", sp.Eq(-kz * Tf.diff(z).subs(z, c), h * (T(x, y, c) - T_f)))
problem.condition("side-x0", sp.Eq(Tf.diff(x).subs(x, 0), 0))
problem.condition("side-x40", sp.Eq(Tf.diff(x).subs(x, L), 0))
problem.condition("side-y0", sp.Eq(Tf.diff(y).subs(y, 0), 0))
problem.condition("side-y40", sp.Eq(Tf.diff(y).subs(y, L), 0))
problem.exact(exact)
