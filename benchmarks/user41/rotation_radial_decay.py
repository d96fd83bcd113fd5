"""Solid-body rotation with a decay rate that grows with the radius.

u_t - w (y - 0.5) u_x + w (x - 0.5) u_y + lam(r) u = 0, w = 2, lam = 1 + 4 r^2,
r^2 = (x-0.5)^2 + (y-0.5)^2, on [0,1]^2 x [0,1]. lam is constant along the circular
characteristics, so a Gaussian (width 0.12) at (0.72, 0.5) turns by 2 radians and decays by
exp(-lam(r) t). Inflow data from problem.inflow.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
w = 2
r2 = (x - sp.Rational(1, 2)) ** 2 + (y - sp.Rational(1, 2)) ** 2
lam = 1 + 4 * r2


def blob(px, py):
    return sp.exp(
        -((px - sp.Rational(18, 25)) ** 2 + (py - sp.Rational(1, 2)) ** 2) / sp.Rational(3, 25) ** 2
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
exact = sp.exp(-lam * t) * blob(xr, yr)

U = u(x, y, t)
problem = Problem(U, Box(x=(0, 1), y=(0, 1), t=(0, 1)), name="rotation-radial-decay")
pde = (
    U.diff(t)
    - w * (y - sp.Rational(1, 2)) * U.diff(x)
    + w * (x - sp.Rational(1, 2)) * U.diff(y)
    + lam * U
)
problem.equation("pde", sp.Eq(pde, 0))
problem.condition("initial", sp.Eq(u(x, y, 0), blob(x, y)))
problem.inflow("inflow", sp.Eq(U, exact))
problem.exact(exact)
