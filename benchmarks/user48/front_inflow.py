"""A steep concentration front pushed down a pipe, with an upstream feed that oscillates.

C_t + U C_x = 0 on x in [0, 2] m, t in [0, 1.25] s, U = 1.2 m/s.
The front (a tanh of width 2 cm) starts at x = 0.4 m; behind it the concentration carries a
ripple, so the feed at the inlet x = 0 varies in time: C(0, t) ~ 1 - 0.25 sin(2 pi U t / 0.6).
Exact solution: the initial profile carried at speed U.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
C = sp.Function("C")
U = sp.Symbol("U")

front_width = 0.02  # m
front_start = 0.4  # m


def profile(s):
    """Concentration at position s when t = 0 (kg/m^3)."""
    step = 0.5 * (1 - sp.tanh((s - front_start) / front_width))
    ripple = 1 + 0.25 * sp.sin(2 * sp.pi * s / 0.6)
    return step * ripple


domain = Box(x=(0, 2), t=(0, 1.25))
problem = Problem(C(x, t), domain, name="front-inflow", parameters={"U": 1.2})
problem.equation("transport", sp.Eq(C(x, t).diff(t) + U * C(x, t).diff(x), 0))
problem.condition("initial", sp.Eq(C(x, 0), profile(x)))
problem.inflow("feed", sp.Eq(C(x, t), profile(x - U * t)))
problem.exact(profile(x - U * t))
