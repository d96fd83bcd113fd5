"""A standing wave on a string with fixed ends, over 10 periods.

u_tt = c^2 u_zz on z in [0, 1], time in [0, 5], c = 2, u(0) = u(1) = 0.
u(z, 0) = sin(2 pi z), u_t(z, 0) = 0. Exact solution sin(2 pi z) cos(4 pi time)
(period 1/2, so the horizon is 10 periods).
"""

import sympy as sp

from pinnls import Box, Problem

z, time = sp.symbols("z time")
u = sp.Function("u")
c = sp.Symbol("c")
exact = sp.sin(2 * sp.pi * z) * sp.cos(2 * sp.pi * c * time)

domain = Box(z=(0, 1), time=(0, 5))
problem = Problem(
    u(z, time), domain, name="wave-standing-10periods", parameters={"c": 2.0}, time=time
)
problem.equation("pde", sp.Eq(u(z, time).diff(time, 2), c**2 * u(z, time).diff(z, 2)))
problem.condition("initial", sp.Eq(u(z, 0), sp.sin(2 * sp.pi * z)))
problem.condition("initial-velocity", sp.Eq(u(z, time).diff(time).subs(time, 0), 0))
problem.condition("left", sp.Eq(u(0, time), 0))
problem.condition("right", sp.Eq(u(1, time), 0))
problem.exact(exact)
