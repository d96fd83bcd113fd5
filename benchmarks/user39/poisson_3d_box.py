"""Steady 3-D Poisson equation in a flat, elongated box: -(u_xx + u_yy + u_zz) = f.

Domain: x in [0, 1], y in [0, 1/2], z in [0, 2] (no time axis).

Conditions: u given on the five faces x = 0, x = 1, y = 0, y = 1/2 and z = 2 (Dirichlet); on
the face z = 0 the outward flux -u_z is given (Neumann). All data are the exact solution's.

Exact solution (the source f = -Δu is derived from it): a Gaussian bump of width 0.2 centred at
(0.4, 0.25, 1.2), plus an oscillating pattern with one period along x, one along the short
side y and a quarter period along z:

    u = exp(-((x - 0.4)^2 + (y - 0.25)^2 + (z - 1.2)^2) / 0.2^2)
        + 0.5 sin(2 pi x) sin(4 pi y) cos(pi z / 4).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
u = sp.Function("u")
R = sp.Rational
bump = sp.exp(-((x - R(2, 5)) ** 2 + (y - R(1, 4)) ** 2 + (z - R(6, 5)) ** 2) / R(1, 5) ** 2)
pattern = R(1, 2) * sp.sin(2 * sp.pi * x) * sp.sin(4 * sp.pi * y) * sp.cos(sp.pi * z / 4)
exact = bump + pattern


def laplacian(w):
    return w.diff(x, 2) + w.diff(y, 2) + w.diff(z, 2)


domain = Box(x=(0, 1), y=(0, R(1, 2)), z=(0, 2))
problem = Problem(u(x, y, z), domain, name="poisson-3d-box")
U = u(x, y, z)
problem.equation("pde", sp.Eq(-laplacian(U), -laplacian(exact)))
faces = [("x0", x, 0), ("x1", x, 1), ("y0", y, 0), ("y-half", y, R(1, 2)), ("z2", z, 2)]
for label, axis, value in faces:
    problem.condition(f"face-{label}", sp.Eq(U.subs(axis, value), exact.subs(axis, value)))
problem.condition("flux-z0", sp.Eq(-U.diff(z).subs(z, 0), -exact.diff(z).subs(z, 0)))
problem.exact(exact)
