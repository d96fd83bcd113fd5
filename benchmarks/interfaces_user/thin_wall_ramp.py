"""A 2 cm wall (5 mm plaster on 15 mm brick) in SI units, its outer face heated at a steady rate.

C T_t = (k T_x)_x on x in [0, 0.02] m, t in [0, 600] s, with
    plaster (x < 0.005 m): k = 0.5 W/(m K),  C = rho c = 1.0e6 J/(m^3 K)
    brick   (x > 0.005 m): k = 0.8 W/(m K),  C = rho c = 1.5e6 J/(m^3 K).
The inner face x = 0 is insulated; the outer face x = 0.02 m warms at a = 0.01 K/s.

Exact solution (the quasi-steady ramp, no source): T = 20 + a t + phi(x), with C a = k phi''
on each layer, phi'(0) = 0, and phi, k phi' continuous at x = d = 0.005:
    phi = C1 a x^2 / (2 k1)                                         for x < d
    phi = phi(d) + (k1 / k2) phi'(d) (x - d) + C2 a (x - d)^2 / (2 k2)   for x > d,
with phi(d) = 0.25 K and k1 phi'(d) = 50 W/m^2.

Written in session 16 as a new user would, from the docs only; not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
T = sp.Function("T")

L, d = 0.02, 0.005
k1, k2 = 0.5, 0.8
C1, C2 = 1.0e6, 1.5e6
a = 0.01
T0 = 20.0

k = sp.Piecewise((k1, x < d), (k2, True))
C = sp.Piecewise((C1, x < d), (C2, True))

phi_plaster = C1 * a * x**2 / (2 * k1)
phi_d = phi_plaster.subs(x, d)
flux_d = k1 * phi_plaster.diff(x).subs(x, d)
phi_brick = phi_d + flux_d / k2 * (x - d) + C2 * a * (x - d) ** 2 / (2 * k2)
exact = T0 + a * t + sp.Piecewise((phi_plaster, x < d), (phi_brick, True))

problem = Problem(T(x, t), Box(x=(0, L), t=(0, 600)), name="thin-wall-ramp")
problem.equation("heat", sp.Eq(C * T(x, t).diff(t), sp.diff(k * T(x, t).diff(x), x)))
problem.condition("initial", sp.Eq(T(x, 0), exact.subs(t, 0)))
problem.condition("insulated", sp.Eq(T(x, t).diff(x).subs(x, 0), 0))
problem.condition("outer", sp.Eq(T(L, t), T0 + a * t + phi_brick.subs(x, L)))
problem.exact(exact)
