"""Heat with a rotated, strongly anisotropic diffusion tensor (10:1, principal axes at 45 deg).

PDE:    u_t = div(K grad u) = 0.011 u_xx + 2 * 0.009 u_xy + 0.011 u_yy,
        K = R diag(0.02, 0.002) R^T, R the rotation by 45 degrees.
Domain: x, y in [0, 1], t in [0, 2]
Data:   u at t = 0 and on the four walls from the exact solution.
Exact:  a Gaussian whose covariance grows as S(t) = S0 + 2 K t, S0 = 0.07^2 I:
        u = sqrt(det S0 / det S(t)) exp(-1/2 (p - c)^T S(t)^-1 (p - c)), c = (1/2, 1/2).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
K = sp.Matrix(
    [[sp.Rational(11, 1000), sp.Rational(9, 1000)], [sp.Rational(9, 1000), sp.Rational(11, 1000)]]
)
S0 = sp.Rational(49, 10000) * sp.eye(2)
S = S0 + 2 * K * t
d = sp.Matrix([x - sp.Rational(1, 2), y - sp.Rational(1, 2)])
exact = sp.sqrt(S0.det() / S.det()) * sp.exp(-(d.T * S.inv() * d)[0, 0] / 2)

domain = Box(x=(0, 1), y=(0, 1), t=(0, 2))
problem = Problem(u(x, y, t), domain, name="heat-anisotropic-rotated")
U = u(x, y, t)
problem.equation(
    "pde",
    sp.Eq(U.diff(t), K[0, 0] * U.diff(x, 2) + 2 * K[0, 1] * U.diff(x, y) + K[1, 1] * U.diff(y, 2)),
)
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
for axis, value in [(x, 0), (x, 1), (y, 0), (y, 1)]:
    problem.condition(f"wall-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value)))
problem.exact(exact)
