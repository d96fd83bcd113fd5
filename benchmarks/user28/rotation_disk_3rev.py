"""Solid-body rotation of a pulse on a disk, three full revolutions.

PDE:    u_t - 2 pi (y - 1/2) u_x + 2 pi (x - 1/2) u_y = 0
Domain: Disk(center (1/2, 1/2), radius 1/2) x t in [0, 3]
        (the flow is tangent to the rim, a.n = 0: no boundary data needed; refused until
        session 28, which read a.n = -4.44e-16 there as inflow)
Data:   u(x, y, 0) = exp(-((x - 0.75)^2 + (y - 0.5)^2) / 0.08^2)
Exact:  the initial pulse rotated back by angle 2 pi t about (1/2, 1/2).
"""

import sympy as sp

from pinnls import Box, Disk, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
w = 2 * sp.pi


def blob(px, py):
    return sp.exp(
        -((px - sp.Rational(3, 4)) ** 2 + (py - sp.Rational(1, 2)) ** 2) / sp.Rational(8, 100) ** 2
    )


xr = (
    sp.Rational(1, 2)
    + (x - sp.Rational(1, 2)) * sp.cos(w * t)
    + (y - sp.Rational(1, 2)) * sp.sin(w * t)
)
yr = (
    sp.Rational(1, 2)
    - (x - sp.Rational(1, 2)) * sp.sin(w * t)
    + (y - sp.Rational(1, 2)) * sp.cos(w * t)
)

disk = Disk(center=(0.5, 0.5), radius=0.5)
domain = disk * Box(t=(0, 3))
problem = Problem(u(x, y, t), domain, name="rotation-disk-3rev")
U = u(x, y, t)
problem.equation(
    "pde",
    sp.Eq(
        U.diff(t)
        - w * (y - sp.Rational(1, 2)) * U.diff(x)
        + w * (x - sp.Rational(1, 2)) * U.diff(y),
        0,
    ),
)
problem.condition("initial", sp.Eq(u(x, y, 0), blob(x, y)))
problem.exact(blob(xr, yr))
