"""A smoke blob carried through a duct by a uniform oblique wind: u_t + a . grad u = 0 in 3-D.

Duct x in [0, 2] m, y in [0, 1] m, z in [0, 1] m, over t in [0, 1.5] s; constant wind
a = (0.6, 0.3, -0.2) m/s (downstream, sideways and slightly downwards).

Conditions: the blob at t = 0, and the exact value on the three inflow faces only, where
a . n < 0: x = 0, y = 0 and z = 1. The outflow faces x = 2, y = 1 and z = 0 carry nothing.

Exact solution: the initial Gaussian (width 0.15 m, centred at (0.5, 0.35, 0.7)) translated
with the wind, ending near (1.4, 0.8, 0.4) at t = 1.5:

    u = exp(-((x - 0.5 - 0.6 t)^2 + (y - 0.35 - 0.3 t)^2 + (z - 0.7 + 0.2 t)^2) / 0.15^2).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z, t = sp.symbols("x y z t")
u = sp.Function("u")
R = sp.Rational
a = (R(3, 5), R(3, 10), -R(1, 5))


def blob(px, py, pz):
    return sp.exp(
        -((px - R(1, 2)) ** 2 + (py - R(7, 20)) ** 2 + (pz - R(7, 10)) ** 2) / R(3, 20) ** 2
    )


exact = blob(x - a[0] * t, y - a[1] * t, z - a[2] * t)

domain = Box(x=(0, 2), y=(0, 1), z=(0, 1), t=(0, R(3, 2)))
problem = Problem(u(x, y, z, t), domain, name="transport-3d-oblique-blob")
w = u(x, y, z, t)
problem.equation(
    "pde", sp.Eq(w.diff(t) + a[0] * w.diff(x) + a[1] * w.diff(y) + a[2] * w.diff(z), 0)
)
problem.condition("initial", sp.Eq(u(x, y, z, 0), blob(x, y, z)))
problem.condition("inflow-x0", sp.Eq(u(0, y, z, t), exact.subs(x, 0)))
problem.condition("inflow-y0", sp.Eq(u(x, 0, z, t), exact.subs(y, 0)))
problem.condition("inflow-z1", sp.Eq(u(x, y, 1, t), exact.subs(z, 1)))
problem.exact(exact)
