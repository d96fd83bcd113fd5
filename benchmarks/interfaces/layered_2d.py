"""Steady conduction in a plate of two layers: -div(k grad u) = f, k = 1 below y = 0.4, 5 above.

u = phi(y) sin(pi x), with phi = sin(pi y) below and sin(0.4 pi) + (sin(pi y) - sin(0.4 pi)) / 5
above: u and the normal flux k u_y are continuous across the layers' face.
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
a = sp.Rational(2, 5)
k = sp.Piecewise((1, y < a), (5, True))
phi = sp.Piecewise(
    (sp.sin(sp.pi * y), y < a),
    (sp.sin(sp.pi * a) + (sp.sin(sp.pi * y) - sp.sin(sp.pi * a)) / 5, True),
)
exact = phi * sp.sin(sp.pi * x)
source = k * sp.pi**2 * exact + sp.pi**2 * sp.sin(sp.pi * y) * sp.sin(sp.pi * x)
U = u(x, y)
problem = Problem(U, Box(x=(0, 1), y=(0, 1)), name="layered-2d")
problem.equation("pde", sp.Eq(-sp.diff(k * U.diff(x), x) - sp.diff(k * U.diff(y), y), source))
for axis, value in [(x, 0), (x, 1), (y, 0), (y, 1)]:
    problem.condition(f"side-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value)))
problem.exact(exact)
