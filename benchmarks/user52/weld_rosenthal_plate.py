"""Heat-affected zone beside a TIG weld on a thin steel plate: a moving line source
(Rosenthal's thin-plate solution with surface losses), 2-D in the plate, in time.

    T_t = alpha (T_xx + T_yy) - b (T - T0)

on x in [0, 120] mm (along the weld), y in [4, 40] mm (from the edge of the fusion zone to the
plate's free edge), t in [0, 15] s; mm, s, W, degC. Mild steel plate d = 4 mm thick,
k = 0.035 W/(mm K), alpha = 8 mm^2/s. Arc: net power q = 1260 W (eta U I = 0.7 x 12 V x 150 A),
travel speed v = 4 mm/s along y = 0, from x = 30 mm at t = 0 to x = 90 mm at t = 15 s.
Surface losses from both faces (convection + linearised radiation, h = 30 W/(m^2 K)):
b = 2 h / (rho c d) = 2 * 3e-5 / (4.375e-3 * 4) = 3.43e-3 1/s (rho c = k / alpha).
Ambient and initial-far-field T0 = 20 degC.

Conditions:
    t = 0:            T = exact (the quasi-steady field when the arc is at x = 30 mm)
    x = 0, x = 120:   T = exact                  (thermocouple rows, Dirichlet)
    y = 4 (fusion-zone edge):  -k T_y = exact heat flux into the HAZ (Neumann)
    y = 40 (free edge):        -k T_y = h (T - T0) + exact residual flux (Robin)

Exact solution (by hand): Rosenthal's moving line source with losses,
    T = T0 + q / (2 pi k d) exp(-v xi / (2 alpha)) K0(mu r),
    xi = x - 30 - v t, r = sqrt(xi^2 + y^2), mu = sqrt((v / 2 alpha)^2 + b / alpha).
Substituting T - T0 = exp(-v xi / 2 alpha) g into -v T_xi = alpha Lap T - b (T - T0)
(the frame moving with the arc) leaves Lap g = mu^2 g, whose radial solution is K0.
About 600 degC beside the arc at y = 4 mm, a 4 mm decay length ahead of it, and a slowly
cooling trail behind it (r^-1/2).
"""

import math

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
T = sp.Function("T")

d = 4.0  # mm, plate thickness
k = 0.035  # W/(mm K)
alpha = 8.0  # mm^2/s
q = 1260.0  # W
v = 4.0  # mm/s
x0 = 30.0  # mm, arc position at t = 0
h = 3e-5  # W/(mm^2 K)
rhoc = k / alpha  # J/(mm^3 K)
b = 2 * h / (rhoc * d)  # 1/s
T0 = 20.0  # degC
y_fz, y_edge = 4.0, 40.0

mu = math.sqrt((v / (2 * alpha)) ** 2 + b / alpha)
xi = x - x0 - v * t
r = sp.sqrt(xi**2 + y**2)
exact = T0 + q / (2 * math.pi * k * d) * sp.exp(-v * xi / (2 * alpha)) * sp.besselk(0, mu * r)

Txyt = T(x, y, t)
domain = Box(x=(0, 120), y=(y_fz, y_edge), t=(0, 15))
problem = Problem(Txyt, domain, name="weld-rosenthal-plate")
problem.equation(
    "conduction",
    sp.Eq(Txyt.diff(t), alpha * (Txyt.diff(x, 2) + Txyt.diff(y, 2)) - b * (Txyt - T0)),
)
problem.condition("initial", sp.Eq(T(x, y, 0), exact.subs(t, 0)))
problem.condition("start-row", sp.Eq(T(0, y, t), exact.subs(x, 0)))
problem.condition("end-row", sp.Eq(T(120, y, t), exact.subs(x, 120)))
flux_in = -k * exact.diff(y)
problem.condition("fusion-edge-flux", sp.Eq(-k * Txyt.diff(y).subs(y, y_fz), flux_in.subs(y, y_fz)))
robin_data = (-k * exact.diff(y) - h * (exact - T0)).subs(y, y_edge)
problem.condition(
    "free-edge-convection",
    sp.Eq(-k * Txyt.diff(y).subs(y, y_edge) - h * (T(x, y_edge, t) - T0), robin_data),
)
problem.exact(exact)
