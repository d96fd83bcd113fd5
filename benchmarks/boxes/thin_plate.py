"""Steady heat in a thin plate, [0, 10] x [0, 0.5]: a solution that turns about once along the
length and once across the thickness, so features as steep per scaled length fit it better
than features as steep per metre (the automatic strategy's step 1p measures which).

u = exp(-(x - 5)^2 / 4) sin(2 pi y) (1 + x y) + x y / 10, held on every edge.
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
exact = sp.exp(-((x - 5) ** 2) / 4) * sp.sin(2 * sp.pi * y) * (1 + x * y) + x * y / 10

problem = Problem(u(x, y), Box(x=(0, 10), y=(0, sp.Rational(1, 2))), name="thin-plate")
U = u(x, y)
lap = lambda w: w.diff(x, 2) + w.diff(y, 2)  # noqa: E731
problem.equation("pde", sp.Eq(-lap(U), -lap(exact)))
for name, side, value in [
    ("left", x, 0),
    ("right", x, 10),
    ("bottom", y, 0),
    ("top", y, sp.Rational(1, 2)),
]:
    problem.condition(name, sp.Eq(U.subs(side, value), exact.subs(side, value)))
problem.exact(exact)
