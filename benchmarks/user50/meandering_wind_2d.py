"""A puff of pollutant and a switched-on stack in a meandering, time-varying wind (2-D, in time).

    c_t + U c_x + V sin(kap x) cos(w t) c_y + kr c = S(x, y, t)

on x in [0, 10] km, y in [0, 6] km, t in [0, 3] h; c in ug/m^3. Mean wind U = 4 km/h along x,
a cross-wind that meanders in space (wavelength 5 km, kap = 2 pi / 5 1/km) and reverses with a
3 h period (w = 2 pi / 3 1/h), amplitude V = 2 km/h. The wind is divergence-free, so the
advective and conservative forms agree. Chemical loss kr = 0.1 1/h.

Exact solution, manufactured with problem.manufactured:
  * the puff, transported exactly: along the wind, xi = x - U t is constant and
    y - V (F(xi, t) - F(xi, 0)) is constant, with
    F(xi, t) = -(1/2) [cos(kap xi + (kap U + w) t)/(kap U + w)
                       + cos(kap xi + (kap U - w) t)/(kap U - w)]
    (dF/dt = sin(kap (xi + U t)) cos(w t)); so c1 = g(xi, y - V (F(xi, t) - F(xi, 0))) e^{-kr t}
    with g a Gaussian of radius 0.6 km at (2, 3) km, 100 ug/m^3 at its centre;
  * a stack plume that grows in: c2 = 30 (1 - e^{-t/0.5}) exp(-((x - 6)^2 + (y - 2.5)^2)/0.4^2).
pinnls derives S (nonzero only for c2: c1 solves the homogeneous equation), the initial data
and the inflow data. The inflow is where the wind enters: x = 0 always, y = 0 and y = 6 on
the parts where the cross-wind blows inwards (problem.inflow finds them).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
c = sp.Function("c")

U = 4  # km/h
V = 2  # km/h
kap = 2 * sp.pi / 5  # 1/km
w = 2 * sp.pi / 3  # 1/h
kr = sp.Rational(1, 10)  # 1/h


def F(xi, tt):
    return (
        -(
            sp.cos(kap * xi + (kap * U + w) * tt) / (kap * U + w)
            + sp.cos(kap * xi + (kap * U - w) * tt) / (kap * U - w)
        )
        / 2
    )


xi = x - U * t
eta = y - V * (F(xi, t) - F(xi, 0))
puff = 100 * sp.exp(-((xi - 2) ** 2 + (eta - 3) ** 2) / sp.Rational(36, 100)) * sp.exp(-kr * t)
stack = (
    30
    * (1 - sp.exp(-2 * t))
    * sp.exp(-((x - 6) ** 2 + (y - sp.Rational(5, 2)) ** 2) / sp.Rational(16, 100))
)
exact = puff + stack

C = c(x, y, t)
domain = Box(x=(0, 10), y=(0, 6), t=(0, 3))
wind = Problem(C, domain, name="meandering-wind-2d")
a_y = V * sp.sin(kap * x) * sp.cos(w * t)  # the meandering cross-wind
wind.equation("pde", sp.Eq(C.diff(t) + U * C.diff(x) + a_y * C.diff(y) + kr * C, 0))
wind.condition("initial", sp.Eq(c(x, y, 0), 0))
wind.inflow("inflow", sp.Eq(C, 0))
problem = wind.manufactured(exact)
