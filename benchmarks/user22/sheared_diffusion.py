"""Diffusion with a full tensor (a mixed derivative), a Gaussian whose covariance grows as
Sigma0 + 2 D t: u_t = 0.05 u_xx + 0.04 u_xy + 0.01 u_yy on [-1, 1]^2, t in [0, 1]."""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
a, b, c = sp.Rational(1, 20), sp.Rational(1, 50), sp.Rational(1, 100)  # D = [[a, b], [b, c]]
s0 = sp.Rational(1, 25)
sxx, sxy, syy = s0 + 2 * a * t, 2 * b * t, s0 + 2 * c * t
det = sxx * syy - sxy**2
quad = (syy * x**2 - 2 * sxy * x * y + sxx * y**2) / det
exact = s0 / sp.sqrt(det) * sp.exp(-quad / 2)
problem = Problem(u(x, y, t), Box(x=(-1, 1), y=(-1, 1), t=(0, 1)), name="sheared-diffusion")
U = u(x, y, t)
problem.equation(
    "pde", sp.Eq(U.diff(t), a * U.diff(x, 2) + 2 * b * U.diff(x, y) + c * U.diff(y, 2))
)
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
for axis, value in [(x, -1), (x, 1), (y, -1), (y, 1)]:
    problem.condition(f"wall-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value)))
problem.exact(exact)
