"""PINNacle's Heat 2d-MS (multi-scale heat; Hao et al., NeurIPS 2024), stated exactly.

    u_t = u_xx / (500 pi)^2 + u_yy / pi^2   on (x, y) in [0, 1]^2, t in [0, 5],
    u(x, y, 0) = sin(20 pi x) sin(pi y),     u = 0 on the four sides.

Separable, so the exact solution is the initial profile decaying as
exp(-(400 pi^2 / (500 pi)^2 + pi^2 / pi^2) t) = exp(-(1 + 1/625) t): ten periods along x, half
of one along y, a smooth decay along t. One isotropic steepness cannot fit both x and y.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

decay = 400 * sp.pi**2 / (500 * sp.pi) ** 2 + 1  # 1 + 1/625
exact = sp.sin(20 * sp.pi * x) * sp.sin(sp.pi * y) * sp.exp(-decay * t)

domain = Box(x=(0, 1), y=(0, 1), t=(0, 5))
problem = Problem(u(x, y, t), domain, name="heat-2d-ms")
U = u(x, y, t)
problem.equation(
    "pde", sp.Eq(U.diff(t) - U.diff(x, 2) / (500 * sp.pi) ** 2 - U.diff(y, 2) / sp.pi**2, 0)
)
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
for axis, value in [(x, 0), (x, 1), (y, 0), (y, 1)]:
    problem.condition(f"side-{axis}{value}", sp.Eq(U.subs(axis, value), 0))
problem.exact(exact)
