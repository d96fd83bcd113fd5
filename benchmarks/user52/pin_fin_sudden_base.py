"""A stainless-steel pin fin (or a thermowell stem) whose root is suddenly brought to a hot
wall's temperature: transient 1-D fin equation with lateral convection, a convective tip.

    T_t = alpha T_xx - alpha m^2 (T - T_inf)

on x in [0, 0.2] m (root to tip), t in [0, 1800] s; SI units, degC. AISI 304:
k = 15 W/(m K), alpha = 4e-6 m^2/s; rod diameter D = 10 mm; still-air convection
h = 20 W/(m^2 K) on the mantle and on the tip: m^2 = 4 h / (k D) = 533.3 1/m^2
(m L = 4.6: a long fin). Air and initial rod temperature T_inf = 25 degC, wall T_b = 250 degC.

Conditions:
    t = 0:           T = T_inf                               (rod at room temperature)
    x = 0 (root):    T = T_b                                 (held from t = 0+: the data jump)
    x = L (tip):     -k T_x - h (T - T_inf) = exact data      (Robin, the convective tip; the
                     data, up to 700 W/m^2, is the flux the semi-infinite rod below would
                     conduct past x = L, minus h (T - T_inf))

Exact solution (by hand, after Carslaw & Jaeger: a semi-infinite rod with linear heat
loss, whose root is suddenly raised): with th = T - T_inf, th_b = T_b - T_inf, s = sqrt(alpha t),
    th = th_b / 2 [exp(-m x) erfc(x / (2 s) - m s) + exp(m x) erfc(x / (2 s) + m s)],
an erfc front that runs down the rod (sqrt(4 alpha t) = 0.17 m after 30 min) and settles to
the long fin's th_b exp(-m x). The tip warms by only 2 K in the half hour.
"""

import math

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
T = sp.Function("T")

L = 0.2  # m
k = 15.0  # W/(m K)
alpha = 4e-6  # m^2/s
D = 0.01  # m
h = 20.0  # W/(m^2 K)
m = math.sqrt(4 * h / (k * D))  # 1/m
T_inf, T_b = 25.0, 250.0  # degC

s = sp.sqrt(alpha * t)
theta = (
    (T_b - T_inf)
    / 2
    * (sp.exp(-m * x) * sp.erfc(x / (2 * s) - m * s) + sp.exp(m * x) * sp.erfc(x / (2 * s) + m * s))
)
exact = T_inf + theta

Tf = T(x, t)
domain = Box(x=(0, L), t=(0, 1800))
problem = Problem(Tf, domain, name="pin-fin-sudden-base")
problem.equation("fin", sp.Eq(Tf.diff(t), alpha * Tf.diff(x, 2) - alpha * m**2 * (Tf - T_inf)))
problem.condition("initial", sp.Eq(T(x, 0), T_inf))
problem.condition("root", sp.Eq(T(0, t), T_b))
tip_data = (-k * exact.diff(x) - h * (exact - T_inf)).subs(x, L)
problem.condition(
    "tip-convection", sp.Eq(-k * Tf.diff(x).subs(x, L) - h * (T(L, t) - T_inf), tip_data)
)
problem.exact(exact)
