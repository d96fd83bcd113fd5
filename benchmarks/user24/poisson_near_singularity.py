"""Poisson with a trigonometric source and a harmonic part whose singularity lies just outside
the square: the source is taken away by a particular solution, the harmonic part is not.

    -lap u = f   on [0, 1]^2,   u = H + F,

``H = log((x + 0.1)^2 + (y + 0.1)^2)`` (harmonic, singular at (-0.1, -0.1), a corner layer at
the origin) and ``F = sin(3 pi x) sin(2 pi y) + x^2 y``, ``f = -lap F``. Dirichlet data on
the four sides. The particular solution subtracted first is F's share; ``H`` comes from the
boundary data alone.
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")

H = sp.log((x + sp.Rational(1, 10)) ** 2 + (y + sp.Rational(1, 10)) ** 2)
F = sp.sin(3 * sp.pi * x) * sp.sin(2 * sp.pi * y) + x**2 * y
exact = H + F

problem = Problem(u(x, y), Box(x=(0, 1), y=(0, 1)), name="poisson-near-singularity")
U = u(x, y)
problem.equation(
    "pde", sp.Eq(-(U.diff(x, 2) + U.diff(y, 2)), sp.expand(-(F.diff(x, 2) + F.diff(y, 2))))
)
for axis, value in [(x, 0), (x, 1), (y, 0), (y, 1)]:
    problem.condition(f"side-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value)))
problem.exact(exact)
