"""Poisson in the unit ball next to a point charge just outside it, plus a Gaussian source.

PDE:    -(u_xx + u_yy + u_zz) = f   (f from the exact solution)
Domain: Ball(center (0, 0, 0), radius 1)
Data:   u = exact on the sphere (Dirichlet).
Exact:  u = 1 / |(x, y, z) - (1.4, 0, 0)| + exp(-((x + 0.3)^2 + (y - 0.2)^2 + z^2) / 0.2)
        (the first part is harmonic but steep near (1, 0, 0), 0.4 from the charge; the
        second is a bump whose source is not elementary).
"""

import sympy as sp

from pinnls import Ball, Problem

x, y, z = sp.symbols("x y z")
u = sp.Function("u")
exact = 1 / sp.sqrt((x - sp.Rational(7, 5)) ** 2 + y**2 + z**2) + sp.exp(
    -((x + sp.Rational(3, 10)) ** 2 + (y - sp.Rational(1, 5)) ** 2 + z**2) / sp.Rational(1, 5)
)
ball = Ball(center=(0, 0, 0), radius=1)

problem = Problem(u(x, y, z), ball, name="ball-near-charge")
U = u(x, y, z)


def laplacian(w):
    return w.diff(x, 2) + w.diff(y, 2) + w.diff(z, 2)


problem.equation("pde", sp.Eq(-laplacian(U), -laplacian(exact)))
problem.condition("sphere", sp.Eq(U, exact), on=ball.boundary)
problem.exact(exact)
