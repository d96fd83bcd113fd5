"""Helmholtz at k = 30 on the unit square (five wavelengths across), two plane waves, written
as a user would: u_xx + u_yy + 900 u = 0 with the waves' values on the four sides."""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
k = 30
exact = (
    sp.sin(k * (x * sp.cos(sp.Rational(7, 10)) + y * sp.sin(sp.Rational(7, 10))))
    + sp.cos(
        k * (x * sp.cos(sp.Rational(21, 10)) + y * sp.sin(sp.Rational(21, 10))) + sp.Rational(3, 10)
    )
    / 2
)
problem = Problem(u(x, y), Box(x=(0, 1), y=(0, 1)), name="helm30")
U = u(x, y)
problem.equation("pde", sp.Eq(U.diff(x, 2) + U.diff(y, 2) + k**2 * U, 0))
for side, value in [(x, 0), (x, 1), (y, 0), (y, 1)]:
    problem.condition(f"side-{side}{value}", sp.Eq(U.subs(side, value), exact.subs(side, value)))
problem.exact(exact)
