"""Steady 3-D advection-diffusion, a plume in a duct: -eps Δu + b . grad u = f.

Domain: the duct x in [0, 2] (along the flow), y in [0, 1], z in [0, 1/2] (no time axis);
diffusivity eps = 1/20, a uniform wind b = (1, 1/4, 0) blowing mostly along x.

Conditions: u given on the inlet x = 0 and on the side walls y = 0, y = 1, z = 0, z = 1/2
(Dirichlet); at the outlet x = 2 the flux u_x given (Neumann). All data are the exact
solution's.

Exact solution (the source f is derived from it): a plume of Gaussian cross-section, width 0.12,
centred on the line y = 0.5, z = 0.25, whose strength oscillates along the duct with one period
per unit of length:

    u = (1 + 0.5 sin(2 pi x)) exp(-((y - 0.5)^2 + (z - 0.25)^2) / 0.12^2).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
u = sp.Function("u")
R = sp.Rational
eps = R(1, 20)
bx, by, bz = 1, R(1, 4), 0
exact = (1 + sp.sin(2 * sp.pi * x) / 2) * sp.exp(
    -((y - R(1, 2)) ** 2 + (z - R(1, 4)) ** 2) / R(3, 25) ** 2
)


def operator(w):
    """-eps Δw + b . grad w."""
    laplacian = w.diff(x, 2) + w.diff(y, 2) + w.diff(z, 2)
    return -eps * laplacian + bx * w.diff(x) + by * w.diff(y) + bz * w.diff(z)


domain = Box(x=(0, 2), y=(0, 1), z=(0, R(1, 2)))
problem = Problem(u(x, y, z), domain, name="advdiff-3d-plume")
U = u(x, y, z)
problem.equation("pde", sp.Eq(operator(U), operator(exact)))
problem.condition("inlet", sp.Eq(u(0, y, z), exact.subs(x, 0)))
problem.condition("outlet", sp.Eq(U.diff(x).subs(x, 2), exact.diff(x).subs(x, 2)))
walls = [("y0", y, 0), ("y1", y, 1), ("z0", z, 0), ("z-half", z, R(1, 2))]
for label, axis, value in walls:
    problem.condition(f"wall-{label}", sp.Eq(U.subs(axis, value), exact.subs(axis, value)))
problem.exact(exact)
