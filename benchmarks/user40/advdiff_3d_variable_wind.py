"""Steady 3-D advection-diffusion in a variable wind: -eps Δu + b(x, y, z) . grad u = f.

Domain: the unit cube x, y, z in [0, 1] (no time axis); diffusivity eps = 1/10; a smooth,
non-constant wind

    b = (1 + y z / 2,  sin(pi x) / 2,  -(1 + x) / 4 + y^2 / 4),

blowing mostly along +x, with a cross-flow in y that varies along x and a slight downdraft in z.

Conditions: u given on all six faces (Dirichlet). All data are the exact solution's.

Exact solution (manufactured, the source f = -eps Δu + b . grad u is derived from it):

    u = sin(pi x + 1/3) cos(pi y / 2) exp(-z) + x y z / 2.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
u = sp.Function("u")
R = sp.Rational
eps = R(1, 10)
bx = 1 + y * z / 2
by = sp.sin(sp.pi * x) / 2
bz = -(1 + x) / 4 + y**2 / 4
exact = sp.sin(sp.pi * x + R(1, 3)) * sp.cos(sp.pi * y / 2) * sp.exp(-z) + x * y * z / 2


def operator(w):
    """-eps Δw + b . grad w."""
    laplacian = w.diff(x, 2) + w.diff(y, 2) + w.diff(z, 2)
    return -eps * laplacian + bx * w.diff(x) + by * w.diff(y) + bz * w.diff(z)


domain = Box(x=(0, 1), y=(0, 1), z=(0, 1))
problem = Problem(u(x, y, z), domain, name="advdiff-3d-variable-wind")
U = u(x, y, z)
problem.equation("pde", sp.Eq(operator(U), operator(exact)))
for axis in (x, y, z):
    for value in (0, 1):
        problem.condition(
            f"face-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value))
        )
problem.exact(exact)
