"""A tracer in a tidal estuary: c_t + U(t) c_x = 0, the current reversing with the tide.

Units: km and hours. Estuary reach x in [0, 20] km, width y in [0, 2] km, one M2 tidal period
t in [0, 12.42] h. Along-channel current U(t) = 1.8 sin(2 pi t / 12.42) km/h (0.5 m/s
amplitude, flooding first), no cross-channel current.

Conditions: the tracer field at t = 0, and the measured concentration where the current
enters (problem.inflow): through x = 0 on the flood, through x = 20 on the ebb, nowhere at
slack water. The inflow data vary in time as the tide moves the pattern past each end.

Exact solution: the initial pattern shifted by the tidal excursion
X(t) = (1.8 * 12.42 / (2 pi)) (1 - cos(2 pi t / 12.42)) (about 7.1 km at high water):

    c = 1 + 0.5 sin(2 pi (x - X(t)) / 10) (1 + 0.2 cos(pi y / 2)).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
c = sp.Function("c")
R = sp.Rational
T = R(1242, 100)  # M2 period, hours
U0 = R(18, 10)  # km/h
U = U0 * sp.sin(2 * sp.pi * t / T)
X = sp.integrate(U, (t, 0, t))  # tidal excursion


def pattern(s, yy):
    return 1 + R(1, 2) * sp.sin(2 * sp.pi * s / 10) * (1 + R(1, 5) * sp.cos(sp.pi * yy / 2))


exact = pattern(x - X, y)

domain = Box(x=(0, 20), y=(0, 2), t=(0, T))
problem = Problem(c(x, y, t), domain, name="transport-tidal-estuary")
cc = c(x, y, t)
problem.equation("pde", sp.Eq(cc.diff(t) + U * cc.diff(x), 0))
problem.condition("initial", sp.Eq(c(x, y, 0), pattern(x, y)))
problem.inflow("inflow", sp.Eq(cc, exact))
problem.exact(exact)
