"""Steady convection-diffusion with an outflow boundary layer, written as a new user would.

    -0.01 u'' + u' = 1   on [0, 1],   u(0) = u(1) = 0,

whose exact solution x - (e^((x - 1) / 0.01) - e^(-1 / 0.01)) / (1 - e^(-1 / 0.01)) has a layer
of width 0.01 at x = 1.
"""

import sympy as sp

from pinnls import Box, Problem

x = sp.symbols("x")
u = sp.Function("u")
eps = sp.Rational(1, 100)
exact = x - (sp.exp((x - 1) / eps) - sp.exp(-1 / eps)) / (1 - sp.exp(-1 / eps))

problem = Problem(u(x), Box(x=(0, 1)), name="outflow-layer")
problem.equation("pde", sp.Eq(-eps * u(x).diff(x, 2) + u(x).diff(x), 1))
problem.condition("left", sp.Eq(u(0), 0))
problem.condition("right", sp.Eq(u(1), 0))
problem.exact(exact)
