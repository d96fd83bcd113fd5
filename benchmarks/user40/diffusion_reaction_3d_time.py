"""3-D diffusion-reaction in time: u_t = 1/10 (u_xx + u_yy + u_zz) - u + f.

Domain: the unit cube x, y, z in [0, 1] times t in [0, 1/2] (four axes); diffusivity 1/10,
reaction (absorption) rate 1.

Conditions: u given at t = 0; u given on all six faces of the cube (Dirichlet). All data are
the exact solution's.

Exact solution (manufactured, the source f = u_t - 1/10 Δu + u is derived from it): a smooth
field, half a period along x, a quarter along y, exponential in z, decaying in time, plus a
slowly growing trilinear part:

    u = exp(-t / 2) sin(pi x) cos(pi y / 2) exp(z / 2) + t x y z.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z, t = sp.symbols("x y z t")
u = sp.Function("u")
R = sp.Rational
nu = R(1, 10)
rate = 1
exact = sp.exp(-t / 2) * sp.sin(sp.pi * x) * sp.cos(sp.pi * y / 2) * sp.exp(z / 2) + t * x * y * z


def operator(w):
    """u_t - nu Δu + rate u, applied to w."""
    return w.diff(t) - nu * (w.diff(x, 2) + w.diff(y, 2) + w.diff(z, 2)) + rate * w


domain = Box(x=(0, 1), y=(0, 1), z=(0, 1), t=(0, R(1, 2)))
problem = Problem(u(x, y, z, t), domain, name="diffusion-reaction-3d-time")
U = u(x, y, z, t)
problem.equation("pde", sp.Eq(operator(U), operator(exact)))
problem.condition("initial", sp.Eq(u(x, y, z, 0), exact.subs(t, 0)))
for axis in (x, y, z):
    for value in (0, 1):
        problem.condition(
            f"face-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value))
        )
problem.exact(exact)
