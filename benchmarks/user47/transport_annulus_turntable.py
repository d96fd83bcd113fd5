"""Dye in an annular tank on a turntable: u_t - omega y u_x + omega x u_y = 0 (solid-body rotation).

Tank: the annulus 0.3 m <= r <= 1 m about the origin (a Disk minus a concentric Disk),
over t in [0, 3] s; the water turns with the table at omega = 0.5 rad/s counter-clockwise.

Conditions: the dye at t = 0 only. Both rims are circles about the rotation centre, so the
flow runs along them (a . n = 0) and no boundary data are needed.

Exact solution: the initial Gaussian patch (width 0.12 m, centred at (0.65, 0)) turned by the
angle omega t (1.5 rad at the end):

    u = g(x cos(omega t) + y sin(omega t), -x sin(omega t) + y cos(omega t)),
    g(x, y) = exp(-((x - 0.65)^2 + y^2) / 0.12^2).
"""

import sympy as sp

from pinnls import Box, Disk, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
R = sp.Rational
omega = R(1, 2)


def dye(px, py):
    return sp.exp(-((px - R(13, 20)) ** 2 + py**2) / R(3, 25) ** 2)


xb = x * sp.cos(omega * t) + y * sp.sin(omega * t)  # rotate back by omega t
yb = -x * sp.sin(omega * t) + y * sp.cos(omega * t)
exact = dye(xb, yb)

tank = Disk(center=(0, 0), radius=1) - Disk(center=(0, 0), radius=R(3, 10))
domain = tank * Box(t=(0, 3))
problem = Problem(u(x, y, t), domain, name="transport-annulus-turntable")
w = u(x, y, t)
problem.equation("pde", sp.Eq(w.diff(t) - omega * y * w.diff(x) + omega * x * w.diff(y), 0))
problem.condition("initial", sp.Eq(u(x, y, 0), dye(x, y)))
problem.exact(exact)
