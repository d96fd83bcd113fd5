"""A profile carried round a periodic ring twenty times while it decays.

    u_t + u_x + 0.1 u = 0   on x in [0, 1] periodic, t in [0, 20],

``u = (sin(2 pi (x - t)) + 0.3 cos(6 pi (x - t))) exp(-0.1 t)``.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")


def g(z):
    return sp.sin(2 * sp.pi * z) + 3 * sp.cos(6 * sp.pi * z) / 10


problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 20)), name="ring-20-laps")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x) + u(x, t) / 10, 0))
problem.condition("initial", sp.Eq(u(x, 0), g(x)))
problem.condition("periodic", sp.Eq(u(0, t) - u(1, t), 0))
problem.exact(g(x - t) * sp.exp(-t / 10))
