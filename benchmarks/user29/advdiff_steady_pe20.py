"""Steady 2-D advection-diffusion at a moderate Peclet number (|a| L / eps = 1 * 1 / 0.05 = 20).

PDE:    -0.05 (u_xx + u_yy) + 0.8 u_x + 0.6 u_y = f   (f from the exact solution)
Domain: x, y in [0, 1]
Data:   u on all four edges from the exact solution (Dirichlet).
Exact:  u = exp(-((x - 0.4)^2 + (y - 0.6)^2) / 0.08) + x y cos(2 x - y)   (manufactured, smooth).
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
eps = sp.Rational(1, 20)
ax, ay = sp.Rational(4, 5), sp.Rational(3, 5)
exact = sp.exp(
    -((x - sp.Rational(2, 5)) ** 2 + (y - sp.Rational(3, 5)) ** 2) / sp.Rational(8, 100)
) + x * y * sp.cos(2 * x - y)


def L(f):
    return -eps * (f.diff(x, 2) + f.diff(y, 2)) + ax * f.diff(x) + ay * f.diff(y)


domain = Box(x=(0, 1), y=(0, 1))
problem = Problem(u(x, y), domain, name="advdiff-steady-pe20")
U = u(x, y)
problem.equation("pde", sp.Eq(L(U), L(exact)))
for axis, value in [(x, 0), (x, 1), (y, 0), (y, 1)]:
    problem.condition(f"edge-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value)))
problem.exact(exact)
