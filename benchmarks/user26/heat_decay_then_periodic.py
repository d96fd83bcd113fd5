"""u_t = 0.2 u_xx on x in [0, 1], t in [0, 10], driven by u(0, t) = sin(t).

Two sine modes die out within t ~ 2, after which only the slow periodic response to the
boundary value is left (Stokes' oscillating-plate solution, k = sqrt(1 / (2 * 0.2))):
u = sin(pi x) exp(-0.2 pi^2 t) + 0.5 sin(3 pi x) exp(-1.8 pi^2 t) + exp(-k x) sin(t - k x).
Dirichlet data at both ends from u.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

D = sp.Rational(1, 5)
k = sp.sqrt(1 / (2 * D))
decaying = (
    sp.sin(sp.pi * x) * sp.exp(-D * sp.pi**2 * t)
    + sp.sin(3 * sp.pi * x) * sp.exp(-9 * D * sp.pi**2 * t) / 2
)
forced = sp.exp(-k * x) * sp.sin(t - k * x)
exact = decaying + forced

domain = Box(x=(0, 1), t=(0, 10))
problem = Problem(u(x, t), domain, name="heat-decay-then-periodic")
problem.equation("pde", sp.Eq(u(x, t).diff(t), D * u(x, t).diff(x, 2)))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("left", sp.Eq(u(0, t), sp.sin(t)))
problem.condition("right", sp.Eq(u(1, t), exact.subs(x, 1)))
problem.exact(exact)
