"""A pulse of a weakly adsorbing, slowly hydrolysing tracer (an ester dye) injected through a
needle into a flat packed bed (a 2-D "Hele-Shaw" bed of sand between glass plates), followed
by a camera: 2-D plus time, plug flow, longitudinal and transverse dispersion, linear
adsorption (retardation) and first-order loss.

    R C_t + u C_x = D_L C_xx + D_T C_yy - k C

on x in [0, 0.6] m (along the flow), y in [-0.1, 0.1] m (across the bed), t in [0, 400] s;
SI, C in mol/m^3. Interstitial velocity u = 2 mm/s, retardation R = 2 (pulse speed 1 mm/s),
D_L = 1e-5 m^2/s, D_T = 1e-6 m^2/s (D_T / D_L = 0.1, typical of packed beds at Pe_p ~ 100),
hydrolysis k = 2e-3 1/s (half-life 350 s in the fluid, 690 s for the retarded pulse).

Injection: M = 1e-3 mol per metre of bed depth at x_s = 50 mm, y_s = 20 mm, 50 s before the
camera starts (t_s = -50 s): peak 0.48 mol/m^3 at x = 0.1 m at t = 0, 0.036 mol/m^3 at
x = 0.5 m at t = 400 s (sigma_x 22 mm -> 67 mm, sigma_y 7 mm -> 21 mm).

Conditions:
    t = 0:               C = exact                         (the pulse as first photographed)
    x = 0 (inlet):       u C - D_L C_x = exact             (Danckwerts, Robin)
    x = L (outlet):      C_x = exact                        (Neumann)
    y = -0.1, 0.1:       -D_T C_y = exact                   (side walls, Neumann flux; the
                                                            pulse's tail reaches them, up to
                                                            5e-9 mol/(m^2 s))

Exact solution (by hand): the instantaneous line source in an unbounded bed, with
v = u / R, D_L' = D_L / R, D_T' = D_T / R, k' = k / R, t' = t - t_s,
    C = M / (R 4 pi t' sqrt(D_L' D_T')) exp(-(x - x_s - v t')^2 / (4 D_L' t')
        - (y - y_s)^2 / (4 D_T' t') - k' t').
"""

import math

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
C = sp.Function("C")

u, R = 2e-3, 2.0  # m/s, -
DL, DT = 1e-5, 1e-6  # m^2/s
k = 2e-3  # 1/s
M = 1e-3  # mol/m
xs, ys, ts = 0.05, 0.02, -50.0  # m, m, s
Lx, W, T_end = 0.6, 0.1, 400.0

v, DLp, DTp, kp = u / R, DL / R, DT / R, k / R
tp = t - ts
exact = (
    M
    / (R * 4 * math.pi * tp * math.sqrt(DLp * DTp))
    * sp.exp(-((x - xs - v * tp) ** 2) / (4 * DLp * tp) - (y - ys) ** 2 / (4 * DTp * tp) - kp * tp)
)

c = C(x, y, t)
domain = Box(x=(0, Lx), y=(-W, W), t=(0, T_end))
problem = Problem(c, domain, name="tracer-pulse-bed-2d")
problem.equation(
    "transport",
    sp.Eq(R * c.diff(t) + u * c.diff(x), DL * c.diff(x, 2) + DT * c.diff(y, 2) - k * c),
)
problem.condition("initial", sp.Eq(C(x, y, 0), exact.subs(t, 0)))
problem.condition(
    "inlet",
    sp.Eq(u * C(0, y, t) - DL * c.diff(x).subs(x, 0), (u * exact - DL * exact.diff(x)).subs(x, 0)),
)
problem.condition("outlet", sp.Eq(c.diff(x).subs(x, Lx), exact.diff(x).subs(x, Lx)))
problem.condition("wall-low", sp.Eq(-DT * c.diff(y).subs(y, -W), (-DT * exact.diff(y)).subs(y, -W)))
problem.condition("wall-high", sp.Eq(-DT * c.diff(y).subs(y, W), (-DT * exact.diff(y)).subs(y, W)))
problem.exact(exact)
