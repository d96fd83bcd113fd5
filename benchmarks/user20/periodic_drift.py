"""Advection-diffusion around a periodic ring, written as a new user would.

    u_t + u_x = 0.05 u_xx   on x in [0, 2 pi), t in [0, 2], periodic in x,

two Fourier modes decaying as they travel.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
nu = sp.Rational(1, 20)
exact = sp.exp(-nu * t) * sp.sin(x - t) + sp.exp(-9 * nu * t) * sp.cos(3 * (x - t)) / 2

problem = Problem(u(x, t), Box(x=(0, 2 * sp.pi), t=(0, 2)), name="periodic-drift")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), nu * u(x, t).diff(x, 2)))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("ring", sp.Eq(u(0, t), u(2 * sp.pi, t)))
problem.condition(
    "ring-slope", sp.Eq(u(x, t).diff(x).subs(x, 0), u(x, t).diff(x).subs(x, 2 * sp.pi))
)
problem.exact(exact)
