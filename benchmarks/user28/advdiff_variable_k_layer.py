"""Steady advection-diffusion with a smoothly varying diffusivity and an outflow boundary layer.

PDE:    -div(k grad u) + u_x + 0.5 u_y = f,  k(x, y) = 0.01 (1 + 4 x y)   (f manufactured)
Domain: x, y in [0, 1]
Data:   u on all four edges from the exact solution.
Exact:  u = x (1 - exp((x - 1) / 0.04)) sin(pi y) / (1 + y)   (manufactured; a layer of
        width 0.04 at the outflow edge x = 1).
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
k = sp.Rational(1, 100) * (1 + 4 * x * y)
exact = x * (1 - sp.exp((x - 1) / sp.Rational(4, 100))) * sp.sin(sp.pi * y) / (1 + y)

domain = Box(x=(0, 1), y=(0, 1))
base = Problem(u(x, y), domain, name="advdiff-variable-k-layer")
U = u(x, y)
base.equation(
    "pde",
    sp.Eq(-sp.diff(k * U.diff(x), x) - sp.diff(k * U.diff(y), y) + U.diff(x) + U.diff(y) / 2, 0),
)
for axis, value in [(x, 0), (x, 1), (y, 0), (y, 1)]:
    base.condition(f"edge-{axis}{value}", sp.Eq(U.subs(axis, value), 0))
problem = base.manufactured(exact)
