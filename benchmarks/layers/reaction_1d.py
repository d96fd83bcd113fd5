"""Singularly perturbed reaction-diffusion: -eps^2 u'' + u = 1 on [0, 1], u(0) = u(1) = 0.

Layers of width eps = 0.01 at both ends: u = 1 - (exp(-x / eps) + exp((x - 1) / eps)) / (1 +
exp(-1 / eps)).
"""

import sympy as sp

from pinnls import Box, Problem

x = sp.symbols("x")
u = sp.Function("u")
eps = sp.Rational(1, 100)
exact = 1 - (sp.exp(-x / eps) + sp.exp((x - 1) / eps)) / (1 + sp.exp(-1 / eps))
problem = Problem(u(x), Box(x=(0, 1)), name="reaction-layer")
problem.equation("pde", sp.Eq(-(eps**2) * u(x).diff(x, 2) + u(x), 1))
problem.condition("left", sp.Eq(u(0), 0))
problem.condition("right", sp.Eq(u(1), 0))
problem.exact(exact)
