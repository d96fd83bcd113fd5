"""Phase mixing in a periodic shear flow over a long horizon: u_t + U sin(2 pi y) u_x = 0.

PDE:    u_t + U sin(2 pi y) u_x = 0, U = 0.2 (a steady, divergence-free, variable shear flow).
Domain: [0, 1]^2 x t in [0, 3], doubly periodic: u(0, y, t) = u(1, y, t) and
        u(x, 0, t) = u(x, 1, t).
Data:   u(x, y, 0) = sin(2 pi x) (1 + cos(2 pi y) / 2); no other data (the flow leaves and
        re-enters through the periodic x faces, and runs along the y faces).
Exact:  u = sin(2 pi (x - U sin(2 pi y) t)) (1 + cos(2 pi y) / 2); the shear winds the
        pattern up, so by t = 3 it varies about four times faster along y than along x.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

U = sp.Rational(1, 5)
speed = U * sp.sin(2 * sp.pi * y)


def g(px, py):
    return sp.sin(2 * sp.pi * px) * (1 + sp.cos(2 * sp.pi * py) / 2)


exact = g(x - speed * t, y)

domain = Box(x=(0, 1), y=(0, 1), t=(0, 3))
problem = Problem(u(x, y, t), domain, name="periodic-shear")
V = u(x, y, t)
problem.equation("pde", sp.Eq(V.diff(t) + speed * V.diff(x), 0))
problem.condition("initial", sp.Eq(u(x, y, 0), g(x, y)))
problem.condition("periodic-x", sp.Eq(u(0, y, t) - u(1, y, t), 0))
problem.condition("periodic-y", sp.Eq(u(x, 0, t) - u(x, 1, t), 0))
problem.exact(exact)
