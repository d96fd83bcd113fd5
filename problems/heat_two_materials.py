"""Heat through a rod of two materials, decaying, with a source: u_t = (k u_x)_x + f.

The conductivity jumps from k = 1 to 6 at x = 1/2; written in divergence form as on paper,
pinnls adds u and the flux k u_x continuous there and splits the basis (a material
interface, docs/guide.md). The exact solution is u = exp(-t) phi(x), with phi = sin(pi x) on
the left and 1 + (sin(pi x) - 1) / 6 on the right: u and the flux k u_x = pi cos(pi x) exp(-t)
are continuous across the joint, u_x is not.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
half = sp.Rational(1, 2)
k = sp.Piecewise((1, x < half), (6, True))
phi = sp.Piecewise((sp.sin(sp.pi * x), x < half), (1 + (sp.sin(sp.pi * x) - 1) / 6, True))
exact = sp.exp(-t) * phi
source = -exact + sp.exp(-t) * sp.pi**2 * sp.sin(sp.pi * x)
problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="heat-two-materials")
problem.equation("pde", sp.Eq(u(x, t).diff(t) - sp.diff(k * u(x, t).diff(x), x), source))
problem.condition("init", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("left", sp.Eq(u(0, t), exact.subs(x, 0)))
problem.condition("right", sp.Eq(u(1, t), exact.subs(x, 1)))
problem.exact(exact)
