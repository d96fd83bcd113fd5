"""The wave equation u_tt = c^2 u_xx (c = 2) on a string fixed at both ends: second-order form.

A string of length 1, fixed at x = 0 and x = 1, starts from the shape u(x, 0) = sin(pi x) with
the velocity u_t(x, 0) = sin(2 pi x). Each is a standing mode of the fixed string, so the
exact solution is the sum of the two modes, each oscillating at its own frequency:

    u = sin(pi x) cos(pi c t) + sin(2 pi x) sin(2 pi c t) / (2 pi c),

which satisfies u_tt = c^2 u_xx term by term, vanishes at both ends, and has u = sin(pi x) and
u_t = sin(2 pi x) at t = 0. Over t in [0, 1] the first mode makes one period, the second two.

wave_first_order.py is the same problem (same speed, data and exact u) as a first-order
system; benchmarks/bench_systems.py compares the two.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
c = 2  # wave speed

exact = sp.sin(sp.pi * x) * sp.cos(sp.pi * c * t) + sp.sin(2 * sp.pi * x) * sp.sin(
    2 * sp.pi * c * t
) / (2 * sp.pi * c)

domain = Box(x=(0, 1), t=(0, 1))
problem = Problem(u(x, t), domain, name="wave-second-order")
problem.equation("pde", sp.Eq(u(x, t).diff(t, 2), c**2 * u(x, t).diff(x, 2)))
problem.condition("initial", sp.Eq(u(x, 0), sp.sin(sp.pi * x)))
problem.condition("initial-velocity", sp.Eq(u(x, t).diff(t).subs(t, 0), sp.sin(2 * sp.pi * x)))
problem.condition("left", sp.Eq(u(0, t), 0))
problem.condition("right", sp.Eq(u(1, t), 0))
problem.exact(exact)
