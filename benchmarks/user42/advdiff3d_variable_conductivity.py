"""Steady 3-D advection-diffusion with a variable conductivity: -div(a grad u) + b . grad u = f.

Domain: the unit cube x, y, z in [0, 1] (no time axis); conductivity a = 1 + x y z (from 1 at
the origin to 2 at the far corner); constant wind b = (1, 1, 1).

Conditions: u given on all six faces (Dirichlet). All data are the exact solution's.

Exact solution (manufactured, the source f = -div(a grad u) + b . grad u is derived from it):

    u = cos(pi x) sin(pi y) (1 + z^2) + exp(x y z) / 2.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
u = sp.Function("u")
a = 1 + x * y * z
exact = sp.cos(sp.pi * x) * sp.sin(sp.pi * y) * (1 + z**2) + sp.exp(x * y * z) / 2


def operator(w):
    """-div((1 + x y z) grad w) + (1, 1, 1) . grad w."""
    diffusion = (a * w.diff(x)).diff(x) + (a * w.diff(y)).diff(y) + (a * w.diff(z)).diff(z)
    return -diffusion + w.diff(x) + w.diff(y) + w.diff(z)


domain = Box(x=(0, 1), y=(0, 1), z=(0, 1))
problem = Problem(u(x, y, z), domain, name="advdiff3d-variable-conductivity")
U = u(x, y, z)
problem.equation("pde", sp.Eq(operator(U), operator(exact)))
for axis in (x, y, z):
    for value in (0, 1):
        problem.condition(
            f"face-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value))
        )
problem.exact(exact)
