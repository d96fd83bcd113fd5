"""A 20 km river reach over two days: decaying pollutant with a daily-varying upstream load
and an outfall that switches on at t = 0.

    c_t + v c_x + k c = f(x, t)   on x in [0, 20] km, t in [0, 48] h,

c in mg/L, v = 1.5 km/h, decay k = 0.05 1/h. Upstream, c(0, t) = 2 (1 + 0.5 sin(2 pi t / 24)).
The outfall near x = 8 km adds a source f. Manufactured (problem.manufactured): the exact
solution is the periodic inflow carried down the reach plus an outfall plume that grows in
with a 6 h time constant; pinnls derives f, the initial and the inflow data from it.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
c = sp.Function("c")

v = sp.Rational(3, 2)  # km/h
k = sp.Rational(1, 20)  # 1/h
omega = 2 * sp.pi / 24  # daily cycle, rad/h
c_in = 2  # mean upstream concentration, mg/L

carried = c_in * sp.exp(-k * x / v) * (1 + sp.Rational(1, 2) * sp.sin(omega * (t - x / v)))
outfall = sp.exp(-(((x - 8) / sp.Rational(3, 2)) ** 2)) * (1 - sp.exp(-t / 6))
exact = carried + outfall

domain = Box(x=(0, 20), t=(0, 48))
river = Problem(c(x, t), domain, name="river-daily-inflow")
river.equation("pde", sp.Eq(c(x, t).diff(t) + v * c(x, t).diff(x) + k * c(x, t), 0))
river.condition("initial", sp.Eq(c(x, 0), 0))
river.condition("upstream", sp.Eq(c(0, t), 0))
problem = river.manufactured(exact)
