"""PINNacle's Wave 1d-C carried over a long horizon: twenty periods of its slow mode.

    u_tt - 4 u_xx = 0   on x in [0, 1], t in [0, 20],
    u(x, 0) = sin(pi x) + sin(4 pi x) / 2,   u_t(x, 0) = 0,   u(0, t) = u(1, t) = 0.

Exact: u = sin(pi x) cos(2 pi t) + sin(4 pi x) cos(8 pi t) / 2, 20 periods of the first mode
and 80 of the second; one basis of the default budget does not resolve the whole horizon, so
the automatic strategy marches (benchmarks/axes/wave_1d_c.py is the same problem on [0, 1]).
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

exact = (
    sp.sin(sp.pi * x) * sp.cos(2 * sp.pi * t) + sp.sin(4 * sp.pi * x) * sp.cos(8 * sp.pi * t) / 2
)

domain = Box(x=(0, 1), t=(0, 20))
problem = Problem(u(x, t), domain, name="wave-1d-c-long")
U = u(x, t)
problem.equation("pde", sp.Eq(U.diff(t, 2) - 4 * U.diff(x, 2), 0))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("velocity", sp.Eq(U.diff(t).subs(t, 0), 0))
problem.condition("left", sp.Eq(u(0, t), 0))
problem.condition("right", sp.Eq(u(1, t), 0))
problem.exact(exact)
