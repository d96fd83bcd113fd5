"""3-D Poisson on a non-cubic box with a Robin face: -(u_xx + u_yy + u_zz) = f.

Domain: x in [0, 2], y in [0, 1], z in [0, 1/2] (no time axis).

Conditions: a Robin (convective) condition on the end x = 2, u_n + h u = g with outward
normal +x, so u_x(2, y, z) + 3/2 u(2, y, z) = g (h = 3/2); u given on the other five faces
(Dirichlet). All data are the exact solution's.

Exact solution (manufactured, the source f = -Δu is derived from it): a quarter period along
x, half a period along y, cosh in z, plus a polynomial part:

    u = sin(pi x / 4 + 1/5) sin(pi y) cosh(2 z) + x^2 y z.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
u = sp.Function("u")
R = sp.Rational
h = R(3, 2)
exact = sp.sin(sp.pi * x / 4 + R(1, 5)) * sp.sin(sp.pi * y) * sp.cosh(2 * z) + x**2 * y * z


def laplacian(w):
    """u_xx + u_yy + u_zz."""
    return w.diff(x, 2) + w.diff(y, 2) + w.diff(z, 2)


def robin(w):
    """u_x + h u on x = 2."""
    return w.diff(x).subs(x, 2) + h * w.subs(x, 2)


domain = Box(x=(0, 2), y=(0, 1), z=(0, R(1, 2)))
problem = Problem(u(x, y, z), domain, name="poisson3d-robin-slab")
U = u(x, y, z)
problem.equation("pde", sp.Eq(-laplacian(U), -laplacian(exact)))
problem.condition("robin-x2", sp.Eq(robin(U), robin(exact)))
faces = [("x0", x, 0), ("y0", y, 0), ("y1", y, 1), ("z0", z, 0), ("z1", z, R(1, 2))]
for label, axis, value in faces:
    problem.condition(f"face-{label}", sp.Eq(U.subs(axis, value), exact.subs(axis, value)))
problem.exact(exact)
