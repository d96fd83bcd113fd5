"""A pulse carried at speed 2 beside a forcing that varies in time and space.

    u_t + 2 u_x = cos(3 t) + x   on x in [0, 1], t in [0, 1/2],

``u = exp(-((x - 0.25 - 2 t) / 0.08)^2) + sin(3 t) / 3 + x t - t^2``: the pulse comes from the
initial and inflow data, the rest from the source. Initial state and inflow (x = 0) from it.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

exact = (
    sp.exp(-(((x - sp.Rational(1, 4) - 2 * t) / sp.Rational(8, 100)) ** 2))
    + sp.sin(3 * t) / 3
    + x * t
    - t**2
)

problem = Problem(u(x, t), Box(x=(0, 1), t=(0, sp.Rational(1, 2))), name="transport-forced-1d")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + 2 * u(x, t).diff(x), sp.cos(3 * t) + x))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("inflow", sp.Eq(u(0, t), exact.subs(x, 0)))
problem.exact(exact)
