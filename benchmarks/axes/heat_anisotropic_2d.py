"""Heat in two space axes and time with an anisotropic, manufactured solution.

    u_t = 0.02 u_xx + 0.2 u_yy + f   on (x, y) in [0, 1]^2, t in [0, 1],

with f such that

    u = exp(-t) sin(6 pi x + 1/2) cos(pi y / 2) + x y (1 + t) / 2.

Three periods along x against a quarter of one along y, with a diffusivity ten times larger
along y; Dirichlet data (the exact solution) on every side and at t = 0. The source f is
derived by ``problem.manufactured`` from the operator, so it cannot disagree with it.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

exact = sp.exp(-t) * sp.sin(6 * sp.pi * x + sp.Rational(1, 2)) * sp.cos(sp.pi * y / 2) + (
    x * y * (1 + t) / 2
)

domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
stated = Problem(u(x, y, t), domain, name="heat-anisotropic-2d")
U = u(x, y, t)
stated.equation(
    "pde",
    sp.Eq(U.diff(t) - sp.Rational(1, 50) * U.diff(x, 2) - sp.Rational(1, 5) * U.diff(y, 2), 0),
)
stated.condition("initial", sp.Eq(u(x, y, 0), 0))
for axis, value in [(x, 0), (x, 1), (y, 0), (y, 1)]:
    stated.condition(f"side-{axis}{value}", sp.Eq(U.subs(axis, value), 0))
problem = stated.manufactured(exact)
