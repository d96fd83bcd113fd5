"""A salinity front in a wide estuary mouth, carried back and forth by an elliptical tidal
current and widened by horizontal dispersion (2-D, in time).

    S_t + u(t) S_x + v(t) S_y = K (S_xx + S_yy)

on x in [0, 30] km (seaward), y in [0, 12] km (across), t in [0, 24.84] h (two M2 cycles);
S in psu. Tidal current, uniform in space: u(t) = U0 + U1 cos(w t), v(t) = V1 sin(w t),
U0 = 0.36 km/h (0.1 m/s, the river's residual outflow, seaward),
U1 = 3.6 km/h (1 m/s), V1 = 0.72 km/h (0.2 m/s), w = 2 pi / 12.42 1/h. Horizontal
dispersion K = 0.36 km^2/h (100 m^2/s).

Conditions: S = exact on x = 0 and x = 30 km (the tide makes each end in turn inflow and
outflow), S_y = exact on y = 0 and y = 12 km (the front is oblique), and the initial front.

Exact solution (by hand): a diffusing erf front whose normal n = (cos 20 deg, sin 20 deg) is
fixed (a spatially uniform current only translates it),
    S = S0 / 2 (1 + erf(n . (x - X(t)) / sqrt(4 K (t + t0)))),
with X(t) = X0 + (U0 t + U1 sin(w t) / w, V1 (1 - cos(w t)) / w) the path of a water parcel,
X0 = (12, 6) km, S0 = 32 psu, t0 = 6 h (the front is 2.9 km wide at t = 0, 6.7 km at the end).
In the frame moving with X(t) the equation is the heat equation along n, which
erf(xi / sqrt(4 K tau)) solves. Tidal excursion U1 / w = 7.1 km.
"""

import math

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
S = sp.Function("S")

U0, U1, V1 = 0.36, 3.6, 0.72  # km/h
w = 2 * math.pi / 12.42  # 1/h
K = 0.36  # km^2/h
S0 = 32.0  # psu
t0 = 6.0  # h
th = math.radians(20)
nx, ny = math.cos(th), math.sin(th)
X0, Y0 = 12.0, 6.0  # km
Lx, Ly = 30.0, 12.0  # km

Xt = X0 + U0 * t + U1 * sp.sin(w * t) / w
Yt = Y0 + V1 * (1 - sp.cos(w * t)) / w
xi = nx * (x - Xt) + ny * (y - Yt)
exact = S0 / 2 * (1 + sp.erf(xi / sp.sqrt(4 * K * (t + t0))))

uu = U0 + U1 * sp.cos(w * t)
vv = V1 * sp.sin(w * t)
Ss = S(x, y, t)
domain = Box(x=(0, Lx), y=(0, Ly), t=(0, 24.84))
problem = Problem(Ss, domain, name="tidal-salt-front")
problem.equation(
    "pde",
    sp.Eq(Ss.diff(t) + uu * Ss.diff(x) + vv * Ss.diff(y), K * (Ss.diff(x, 2) + Ss.diff(y, 2))),
)
problem.condition("initial", sp.Eq(S(x, y, 0), exact.subs(t, 0)))
problem.condition("landward", sp.Eq(S(0, y, t), exact.subs(x, 0)))
problem.condition("seaward", sp.Eq(S(Lx, y, t), exact.subs(x, Lx)))
problem.condition("south", sp.Eq(Ss.diff(y).subs(y, 0), exact.diff(y).subs(y, 0)))
problem.condition("north", sp.Eq(Ss.diff(y).subs(y, Ly), exact.diff(y).subs(y, Ly)))
problem.exact(exact)
