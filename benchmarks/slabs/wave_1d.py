"""DeepXDE's wave_1d example: u_tt = 100 u_xx on [0, 1] x [0, 1], fixed ends, at rest at t = 0.

u = sin(pi x) cos(10 pi t) + sin(2 pi x) cos(20 pi t) (C = 10, A = 2): the second mode makes
ten periods in time.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

C, A = 10, 2
exact = sp.sin(sp.pi * x) * sp.cos(C * sp.pi * t) + sp.sin(A * sp.pi * x) * sp.cos(
    A * C * sp.pi * t
)

domain = Box(x=(0, 1), t=(0, 1))
problem = Problem(u(x, t), domain, name="wave-1d")
problem.equation("pde", sp.Eq(u(x, t).diff(t, 2), C**2 * u(x, t).diff(x, 2)))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("velocity", sp.Eq(u(x, t).diff(t).subs(t, 0), 0))
problem.condition("left", sp.Eq(u(0, t), 0))
problem.condition("right", sp.Eq(u(1, t), 0))
problem.exact(exact)
