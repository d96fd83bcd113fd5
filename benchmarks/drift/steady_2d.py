"""Steady advection-diffusion with an outflow layer: u_x + u_y = 0.05 lap u + f, manufactured."""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
eps = sp.Rational(1, 20)
exact = sp.sin(sp.pi * x) * sp.cos(sp.pi * y / 2) + sp.exp((x - 1) / eps) * y
problem = Problem(u(x, y), Box(x=(0, 1), y=(0, 1)), name="steady-ad")
U = u(x, y)
f = exact.diff(x) + exact.diff(y) - eps * (exact.diff(x, 2) + exact.diff(y, 2))
problem.equation("pde", sp.Eq(U.diff(x) + U.diff(y) - eps * (U.diff(x, 2) + U.diff(y, 2)), f))
for axis, value in [(x, 0), (x, 1), (y, 0), (y, 1)]:
    problem.condition(f"side-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value)))
problem.exact(exact)
