"""Steady advection-diffusion on [0, 1]: u' = nu u'' + 1, u(0) = u(1) = 0: a layer at x = 1."""

import sympy as sp

from pinnls import Box, Problem

x = sp.symbols("x")
u = sp.Function("u")
nu = sp.Rational(1, 100)
exact = x - (sp.exp((x - 1) / nu) - sp.exp(-1 / nu)) / (1 - sp.exp(-1 / nu))
problem = Problem(u(x), Box(x=(0, 1)), name="steady-layer")
problem.equation("pde", sp.Eq(u(x).diff(x) - nu * u(x).diff(x, 2), 1))
problem.condition("left", sp.Eq(u(0), 0))
problem.condition("right", sp.Eq(u(1), 0))
problem.exact(exact)
