"""Heat equation in time on a trapezoidal plate: u_t = kappa (u_xx + u_yy), kappa = 0.1.

Domain: the trapezoid with corners (0, 0), (1, 0), (0.8, 0.6), (0.2, 0.6) (a Polygon), times
t in [0, 1].

Conditions: u given at t = 0 and on the whole boundary of the trapezoid for all t (Dirichlet,
on=domain.boundary). All data are the exact solution's. No source.

Exact solution: a decaying oblique Fourier mode plus a steady harmonic part,

    u = exp(-kappa (a^2 + b^2) t) sin(a x + 0.3) cos(b y) + x^2 - y^2 + x y,

with a = pi, b = pi / 2 (x^2 - y^2 + x y is harmonic, so it is a steady solution).
"""

import sympy as sp

from pinnls import Box, Polygon, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
kappa = sp.Rational(1, 10)
a, b = sp.pi, sp.pi / 2
exact = (
    sp.exp(-kappa * (a**2 + b**2) * t) * sp.sin(a * x + sp.Rational(3, 10)) * sp.cos(b * y)
    + x**2
    - y**2
    + x * y
)

plate = Polygon([(0, 0), (1, 0), (0.8, 0.6), (0.2, 0.6)])
domain = plate * Box(t=(0, 1))
problem = Problem(u(x, y, t), domain, name="heat-trapezoid")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t), kappa * (U.diff(x, 2) + U.diff(y, 2))))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("walls", sp.Eq(U, exact), on=domain.boundary)
problem.exact(exact)
