"""A tracer in a shear flow u = (gamma y, 0) over a 10 m x 1 m channel, with a bed source.

    c_t + gamma y c_x = f(x, y)   on [0, 10] x [0, 1] m, t in [0, 4] s,

gamma = 1 1/s (the flow is still at the bed y = 0 and 1 m/s at y = 1 m). The source
f = Q y exp(-((x - 2)/w)^2), w = 0.5 m, Q = 1 (a dissolving band across the channel).
Initial cloud c0 = exp(-((x - 1)/0.4)^2) (1 + y). Exact, in closed form:
c = c0(x - gamma y t, y) + Q w sqrt(pi) / (2 gamma) [erf((x - 2)/w) - erf((x - 2 - gamma y t)/w)].
Inflow data on x = 0 (where gamma y > 0); y = 0 and y = 1 are along the flow.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
c = sp.Function("c")

gamma = 1  # shear rate, 1/s
Q, w = 1, sp.Rational(1, 2)


def c0(px, py):
    return sp.exp(-(((px - 1) / sp.Rational(2, 5)) ** 2)) * (1 + py)


source = Q * y * sp.exp(-(((x - 2) / w) ** 2))
exact = c0(x - gamma * y * t, y) + Q * w * sp.sqrt(sp.pi) / (2 * gamma) * (
    sp.erf((x - 2) / w) - sp.erf((x - 2 - gamma * y * t) / w)
)

domain = Box(x=(0, 10), y=(0, 1), t=(0, 4))
problem = Problem(c(x, y, t), domain, name="shear-channel")
problem.equation("pde", sp.Eq(c(x, y, t).diff(t) + gamma * y * c(x, y, t).diff(x), source))
problem.condition("initial", sp.Eq(c(x, y, 0), c0(x, y)))
problem.inflow("inflow", sp.Eq(c(x, y, t), exact))
problem.exact(exact)
