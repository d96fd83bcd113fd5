"""Cooling of an aluminium plate: insulated, convective and prescribed-flux edges.

T_t = alpha (T_xx + T_yy) on [0, 0.1] x [0, 0.05] m, t in [0, 30] s, alpha = 9.7e-5 m^2/s.
  x = 0     insulated (Neumann):   T_x = 0
  x = 0.1   convection (Robin):    -kappa T_x = h (T - T_amb),  h = 1000 W/m^2K, kappa = 237 W/mK
  y = 0     prescribed heat flux:  -kappa T_y = q(x, t)  (from the exact solution)
  y = 0.05  convection (Robin):    -kappa T_y = h (T - T_amb)
Exact: T_amb plus two separable modes; the x wavenumbers are the first two roots of
mu tan(mu) = h L / kappa (divided by L), so each mode meets the Robin edge x = L itself.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
T = sp.Function("T")

L, H = 0.1, 0.05  # m
alpha = 9.7e-5  # m^2/s
kappa = 237.0  # W/(m K)
h = 1000.0  # W/(m^2 K)
T_amb = 20.0  # deg C

# mu tan(mu) = h L / kappa = 0.42194..., first two roots, divided by L
kx1 = 6.072521113961297
kx2 = 32.69920600810767
ky = sp.pi / (2 * H)
beta = -h / (kappa * ky)
Y = sp.cos(ky * (y - H)) + beta * sp.sin(ky * (y - H))
modes = 60 * sp.exp(-alpha * kx1**2 * t) * sp.cos(kx1 * x) + 15 * sp.exp(
    -alpha * kx2**2 * t
) * sp.cos(kx2 * x)
exact = T_amb + sp.exp(-alpha * ky**2 * t) * Y * modes

Txyt = T(x, y, t)
domain = Box(x=(0, L), y=(0, H), t=(0, 30))
problem = Problem(Txyt, domain, name="heat-plate-mixed")
problem.equation("heat", sp.Eq(Txyt.diff(t), alpha * (Txyt.diff(x, 2) + Txyt.diff(y, 2))))
problem.condition("initial", sp.Eq(T(x, y, 0), exact.subs(t, 0)))
problem.condition("insulated", sp.Eq(Txyt.diff(x).subs(x, 0), 0))
problem.condition(
    "convection-right", sp.Eq(-kappa * Txyt.diff(x).subs(x, L), h * (T(L, y, t) - T_amb))
)
problem.condition(
    "heater", sp.Eq(-kappa * Txyt.diff(y).subs(y, 0), (-kappa * exact.diff(y)).subs(y, 0))
)
problem.condition(
    "convection-top", sp.Eq(-kappa * Txyt.diff(y).subs(y, H), h * (T(x, H, t) - T_amb))
)
problem.exact(exact)
