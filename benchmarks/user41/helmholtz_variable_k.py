"""2-D Helmholtz-type equation with a variable wavenumber: -Lap u - k^2(x, y) u = f.

k^2 = 30 (1 + 0.5 x y) on the unit square, Dirichlet data on all four sides.
Exact (manufactured): u = sin(2 pi x + 0.3) cos(3 pi y) + x y^2.
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
k2 = 30 * (1 + x * y / 2)
exact = sp.sin(2 * sp.pi * x + sp.Rational(3, 10)) * sp.cos(3 * sp.pi * y) + x * y**2

U = u(x, y)
op = lambda v: -v.diff(x, 2) - v.diff(y, 2) - k2 * v  # noqa: E731
problem = Problem(U, Box(x=(0, 1), y=(0, 1)), name="helmholtz-variable-k")
problem.equation("pde", sp.Eq(op(U), sp.expand(op(exact))))
problem.condition("x0", sp.Eq(u(0, y), exact.subs(x, 0)))
problem.condition("x1", sp.Eq(u(1, y), exact.subs(x, 1)))
problem.condition("y0", sp.Eq(u(x, 0), exact.subs(y, 0)))
problem.condition("y1", sp.Eq(u(x, 1), exact.subs(y, 1)))
problem.exact(exact)
