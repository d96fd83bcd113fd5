"""Steady 3-D advection-diffusion on the unit cube: -nu (u_xx + u_yy + u_zz) + b . grad u = f.

Domain: x, y, z in [0, 1]; nu = 0.1, b = (1, 0.5, -0.25).

Conditions: u given on all six faces (Dirichlet, from the exact solution; it vanishes on
y = 0, y = 1, z = 0, z = 1 and not on x = 0, x = 1).

Exact solution (manufactured; f = -nu lap u + b . grad u is derived from it), a product of
exponentials and sines:

    u = exp(x / 2 - z) sin(pi y) sin(2 pi z).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
u = sp.Function("u")
R = sp.Rational
nu = R(1, 10)
b = (1, R(1, 2), R(-1, 4))
exact = sp.exp(x / 2 - z) * sp.sin(sp.pi * y) * sp.sin(2 * sp.pi * z)


def operator(w):
    """-nu lap w + b . grad w."""
    lap = w.diff(x, 2) + w.diff(y, 2) + w.diff(z, 2)
    return -nu * lap + b[0] * w.diff(x) + b[1] * w.diff(y) + b[2] * w.diff(z)


domain = Box(x=(0, 1), y=(0, 1), z=(0, 1))
problem = Problem(u(x, y, z), domain, name="advdiff3d-steady-expsin")
U = u(x, y, z)
problem.equation("pde", sp.Eq(operator(U), sp.simplify(operator(exact))))
for axis in (x, y, z):
    for value in (0, 1):
        problem.condition(
            f"face-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value))
        )
problem.exact(exact)
