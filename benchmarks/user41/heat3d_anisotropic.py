"""3-D heat equation with anisotropic diffusion: u_t = 0.02 u_xx + 0.05 u_yy + 0.1 u_zz.

Unit cube times t in [0, 1]. Dirichlet on the x and y faces and on z = 1, insulated z = 0.
Exact: u = exp(-r t) sin(2 pi x + 0.3) sin(pi y + 0.2) cos(pi z / 2),
r = 0.02 (2 pi)^2 + 0.05 pi^2 + 0.1 (pi/2)^2.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z, t = sp.symbols("x y z t")
u = sp.Function("u")
R = sp.Rational
kx, ky, kz = R(1, 50), R(1, 20), R(1, 10)
rate = kx * (2 * sp.pi) ** 2 + ky * sp.pi**2 + kz * (sp.pi / 2) ** 2
exact = (
    sp.exp(-rate * t)
    * sp.sin(2 * sp.pi * x + R(3, 10))
    * sp.sin(sp.pi * y + R(1, 5))
    * sp.cos(sp.pi * z / 2)
)

U = u(x, y, z, t)
problem = Problem(U, Box(x=(0, 1), y=(0, 1), z=(0, 1), t=(0, 1)), name="heat3d-anisotropic")
problem.equation("pde", sp.Eq(U.diff(t), kx * U.diff(x, 2) + ky * U.diff(y, 2) + kz * U.diff(z, 2)))
problem.condition("initial", sp.Eq(U.subs(t, 0), exact.subs(t, 0)))
for axis, value in [(x, 0), (x, 1), (y, 0), (y, 1), (z, 1)]:
    problem.condition(f"face-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value)))
problem.condition("insulated-z0", sp.Eq(U.diff(z).subs(z, 0), 0))
problem.exact(exact)
