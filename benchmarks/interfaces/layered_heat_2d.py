"""Heat in a plate of two materials over time: u_t = div(k grad u) + f, k = 1 for x < 1/2, 4 beyond.

u = exp(-t) phi(x) sin(pi y), with k phi' = pi cos(pi x): phi = sin(pi x) on the left and
1 + (sin(pi x) - 1) / 4 on the right. Three axes.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
half = sp.Rational(1, 2)
k = sp.Piecewise((1, x < half), (4, True))
phi = sp.Piecewise((sp.sin(sp.pi * x), x < half), (1 + (sp.sin(sp.pi * x) - 1) / 4, True))
exact = sp.exp(-t) * phi * sp.sin(sp.pi * y)
source = (
    -exact + sp.exp(-t) * sp.pi**2 * sp.sin(sp.pi * x) * sp.sin(sp.pi * y) + k * sp.pi**2 * exact
)
U = u(x, y, t)
problem = Problem(U, Box(x=(0, 1), y=(0, 1), t=(0, 1)), name="layered-heat-2d")
problem.equation(
    "pde", sp.Eq(U.diff(t) - sp.diff(k * U.diff(x), x) - sp.diff(k * U.diff(y), y), source)
)
problem.condition("init", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
for axis, value in [(x, 0), (x, 1), (y, 0), (y, 1)]:
    problem.condition(f"side-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value)))
problem.exact(exact)
