"""Steady advection-diffusion on a keyhole: a disk united with a channel that overlaps it.

PDE:    -0.1 (u_xx + u_yy) + u_x + 0.5 u_y = f   (f from the exact solution)
Domain: Disk(center (0, 0), radius 0.6) | Box(x in [0.3, 1.6], y in [-0.2, 0.2])
        (the channel starts inside the disk; the union's boundary has two concave kinks
        where the channel walls meet the circle)
Data:   u = exact on the whole boundary (Dirichlet).
Exact:  u = atan(4 (x - 0.5)) cos(2 y) + exp(-((x + 0.2)^2 + (y - 0.2)^2) / 0.05).
"""

import sympy as sp

from pinnls import Box, Disk, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
exact = sp.atan(4 * (x - sp.Rational(1, 2))) * sp.cos(2 * y) + sp.exp(
    -((x + sp.Rational(1, 5)) ** 2 + (y - sp.Rational(1, 5)) ** 2) / sp.Rational(5, 100)
)
keyhole = Disk(center=(0, 0), radius=0.6) | Box(x=(0.3, 1.6), y=(-0.2, 0.2))

problem = Problem(u(x, y), keyhole, name="keyhole-advdiff")
U = u(x, y)


def operator(w):
    return -sp.Rational(1, 10) * (w.diff(x, 2) + w.diff(y, 2)) + w.diff(x) + w.diff(y) / 2


problem.equation("pde", sp.Eq(operator(U), operator(exact)))
problem.condition("wall", sp.Eq(U, exact), on=keyhole.boundary)
problem.exact(exact)
