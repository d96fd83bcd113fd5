"""Steady advection-diffusion with an outflow layer, written as a user would:
u_x + 0.5 u_y = 0.02 (u_xx + u_yy) on the unit square, u = exp(50 (x - 1)) + y - x / 2
(a layer of width 0.02 at x = 1) given on the four sides."""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
nu = sp.Rational(2, 100)
exact = sp.exp((x - 1) / nu) + y - x / 2
problem = Problem(u(x, y), Box(x=(0, 1), y=(0, 1)), name="outflow-layer")
U = u(x, y)
problem.equation("pde", sp.Eq(U.diff(x) + U.diff(y) / 2, nu * (U.diff(x, 2) + U.diff(y, 2))))
for side, value in [(x, 0), (x, 1), (y, 0), (y, 1)]:
    problem.condition(f"side-{side}{value}", sp.Eq(U.subs(side, value), exact.subs(side, value)))
problem.exact(exact)
