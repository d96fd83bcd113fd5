"""2-D heat equation u_t = 0.05 (u_xx + u_yy) with time-dependent wall values.

Exact: u = exp(-0.05*(4 pi^2 - pi^2) t) sin(2 pi x + 1/2) cosh(pi y), a source-free solution
(sin in x, cosh in y) that decays in time; the four walls carry its (time-dependent) values.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
kappa = sp.Rational(1, 20)
rate = kappa * (4 * sp.pi**2 - sp.pi**2)
exact = sp.exp(-rate * t) * sp.sin(2 * sp.pi * x + sp.Rational(1, 2)) * sp.cosh(sp.pi * y)

domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="heat2d-warming-walls")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t), kappa * (U.diff(x, 2) + U.diff(y, 2))))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
for axis, value in [(x, 0), (x, 1), (y, 0), (y, 1)]:
    problem.condition(f"wall-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value)))
problem.exact(exact)
