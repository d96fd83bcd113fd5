"""An accidental release of Te-132 drifting in a veering low-level wind, with its daughter I-132
growing in (a parent-daughter decay chain: a system of two unknowns, 2-D, in time).

    p_t + u(t) p_x + v(t) p_y = K (p_xx + p_yy) - l1 p
    d_t + u(t) d_x + v(t) d_y = K (d_xx + d_yy) + l1 p - l2 d

on x in [0, 650] km (east), y in [-120, 150] km (north), t in [0, 24] h; p, d activity
concentrations in Bq/m^3 (column-averaged over the mixed layer). Half-lives 3.204 days
(Te-132, l1 = ln 2 / 76.9 h) and 2.295 h (I-132, l2 = ln 2 / 2.295 h). Wind: a mean westerly
U0 = 20 km/h (5.6 m/s) plus a nocturnal inertial oscillation of amplitude U1 = 6 km/h with the
inertial period 17 h (45 N): u = U0 + U1 cos(w t), v = U1 sin(w t), w = 2 pi / 17 1/h.
Mesoscale horizontal diffusivity K = 18 km^2/h (5000 m^2/s).

Conditions: both species at t = 0 (the puff 2 h after the release, when this regional model
takes over); p = exact and d = exact on all four sides (the values are small there).

Exact solution (by hand): both species share the transport operator, so with G the 2-D
advection-diffusion puff
    G = M / (4 pi K (t + t0)) exp(-|x - X(t)|^2 / (4 K (t + t0))),
    X(t) = (60 + U0 t + U1 sin(w t) / w, U1 (1 - cos(w t)) / w) km,  t0 = 2 h,
(G solves G_t + u . grad G = K Lap G for a spatially uniform wind), the Bateman solution
    p = G e^{-l1 t},
    d = G [l1 / (l2 - l1) (e^{-l1 t} - e^{-l2 t}) + r0 e^{-l2 t}]
solves the system exactly; r0 = 0.2 is the daughter-to-parent ratio at t = 0 (ingrowth
towards transient equilibrium, d / p -> l1 / (l2 - l1) = 0.031). M sets the parent's peak to
1000 Bq/m^3 at t = 0. The puff is 8.5 km wide (one sigma) at t = 0 and 31 km at 24 h.
"""

import math

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
p, d = sp.Function("p"), sp.Function("d")

U0, U1 = 20.0, 6.0  # km/h
w = 2 * math.pi / 17  # 1/h
K = 18.0  # km^2/h
l1 = math.log(2) / (3.204 * 24)  # 1/h
l2 = math.log(2) / 2.295  # 1/h
t0 = 2.0  # h
r0 = 0.2
peak0 = 1000.0  # Bq/m^3

Xt = 60 + U0 * t + U1 * sp.sin(w * t) / w
Yt = U1 * (1 - sp.cos(w * t)) / w
tau = t + t0
G = peak0 * t0 / tau * sp.exp(-((x - Xt) ** 2 + (y - Yt) ** 2) / (4 * K * tau))
p_ex = G * sp.exp(-l1 * t)
d_ex = G * (l1 / (l2 - l1) * (sp.exp(-l1 * t) - sp.exp(-l2 * t)) + r0 * sp.exp(-l2 * t))

uu = U0 + U1 * sp.cos(w * t)
vv = U1 * sp.sin(w * t)
P, D = p(x, y, t), d(x, y, t)


def transport(q):
    return q.diff(t) + uu * q.diff(x) + vv * q.diff(y) - K * (q.diff(x, 2) + q.diff(y, 2))


xa, xb, ya, yb = 0.0, 650.0, -120.0, 150.0
domain = Box(x=(xa, xb), y=(ya, yb), t=(0, 24))
problem = Problem([P, D], domain, name="fission-chain-puff")
problem.equation("parent", sp.Eq(transport(P), -l1 * P))
problem.equation("daughter", sp.Eq(transport(D), l1 * P - l2 * D))
problem.condition("parent-initial", sp.Eq(p(x, y, 0), p_ex.subs(t, 0)))
problem.condition("daughter-initial", sp.Eq(d(x, y, 0), d_ex.subs(t, 0)))
for axis, value, label in [(x, xa, "west"), (x, xb, "east"), (y, ya, "south"), (y, yb, "north")]:
    problem.condition(f"parent-{label}", sp.Eq(P.subs(axis, value), p_ex.subs(axis, value)))
    problem.condition(f"daughter-{label}", sp.Eq(D.subs(axis, value), d_ex.subs(axis, value)))
problem.exact({P: p_ex, D: d_ex})
