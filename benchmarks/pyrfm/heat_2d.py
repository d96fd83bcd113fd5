"""Heat in two space axes: u_t = 0.1 (u_xx + u_yy) on [0, 1]^2 x [0, 1] (benchmarks/vs_pyrfm.py).

Problem name: heat-2d. Initial data at t = 0 and Dirichlet data on the four sides, all from the
exact solution u = exp(-pi^2 t / 2) sin(pi x + 0.3) sin(2 pi y + 0.5) + (x^2 - y^2) / 2
(a decaying mode, 0.1 (pi^2 + 4 pi^2) = pi^2 / 2, plus a harmonic part that stays).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

exact = (
    sp.exp(-(sp.pi**2) * t / 2)
    * sp.sin(sp.pi * x + sp.Rational(3, 10))
    * sp.sin(2 * sp.pi * y + sp.Rational(1, 2))
    + (x**2 - y**2) / 2
)
kappa = sp.Rational(1, 10)

domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="heat-2d")
problem.equation(
    "pde", sp.Eq(u(x, y, t).diff(t) - kappa * (u(x, y, t).diff(x, 2) + u(x, y, t).diff(y, 2)), 0)
)
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("x0", sp.Eq(u(0, y, t), exact.subs(x, 0)))
problem.condition("x1", sp.Eq(u(1, y, t), exact.subs(x, 1)))
problem.condition("y0", sp.Eq(u(x, 0, t), exact.subs(y, 0)))
problem.condition("y1", sp.Eq(u(x, 1, t), exact.subs(y, 1)))
problem.exact(exact)
