"""1-D convection-diffusion with a velocity that oscillates in time (a tidal channel):

    u_t + cos(t) u_x = nu u_xx,   nu = 0.05,   on 0 <= x <= 2, 0 <= t <= 3.

The profile sloshes back and forth while it decays. Exact solution:
u = exp(-nu pi^2 t) sin(pi (x - sin t)); Dirichlet data at both ends and at t = 0 from it.

Written in session 16 as a new user would, from the docs only; not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
nu = sp.Symbol("nu")

exact = sp.exp(-nu * sp.pi**2 * t) * sp.sin(sp.pi * (x - sp.sin(t)))

domain = Box(x=(0, 2), t=(0, 3))
problem = Problem(u(x, t), domain, name="convdiff-oscillating-wind", parameters={"nu": 0.05})
pde = u(x, t).diff(t) + sp.cos(t) * u(x, t).diff(x) - nu * u(x, t).diff(x, 2)
problem.equation("pde", sp.Eq(pde, 0))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("left", sp.Eq(u(0, t), exact.subs(x, 0)))
problem.condition("right", sp.Eq(u(2, t), exact.subs(x, 2)))
problem.exact(exact)
