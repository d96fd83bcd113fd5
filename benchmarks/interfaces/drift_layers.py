"""Transport with diffusion through two materials: u_t + u_x = (k u_x)_x + f on x in [0, 2].

k = 0.05 for x < 1 and 0.5 beyond. u = exp(-t) phi(x), with k phi' = pi cos(pi x) / 10
continuous across x = 1 (phi = sin(pi x) / 0.5 on the left, (sin(pi x)) / 5 on the right).
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
k1, k2 = sp.Rational(1, 20), sp.Rational(1, 2)
k = sp.Piecewise((k1, x < 1), (k2, True))
phi = sp.Piecewise((sp.sin(sp.pi * x) / (10 * k1), x < 1), (sp.sin(sp.pi * x) / (10 * k2), True))
exact = sp.exp(-t) * (phi + 1)
flux = sp.exp(-t) * sp.pi * sp.cos(sp.pi * x) / 10  # k u_x on both sides
source = sp.diff(exact, t) + sp.diff(exact, x) - sp.diff(flux, x)
problem = Problem(u(x, t), Box(x=(0, 2), t=(0, 1)), name="drift-layers")
U = u(x, t)
problem.equation("pde", sp.Eq(U.diff(t) + U.diff(x) - sp.diff(k * U.diff(x), x), source))
problem.condition("init", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("inflow", sp.Eq(u(0, t), exact.subs(x, 0)))
problem.condition("outflow", sp.Eq(u(2, t), exact.subs(x, 2)))
problem.exact(exact)
