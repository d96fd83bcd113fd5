"""Poisson in the unit ball, held on the sphere, written as a new user would.

    -(u_xx + u_yy + u_zz) = f   in |(x, y, z)| < 1,   u = exact on the sphere,

with u = e^x sin(2y) + z^3.
"""

import sympy as sp

from pinnls import Ball, Problem

x, y, z = sp.symbols("x y z")
u = sp.Function("u")
exact = sp.exp(x) * sp.sin(2 * y) + z**3
ball = Ball(center=(0, 0, 0), radius=1)
U = u(x, y, z)

problem = Problem(U, ball, name="ball-poisson")
problem.equation(
    "pde",
    sp.Eq(
        -(U.diff(x, 2) + U.diff(y, 2) + U.diff(z, 2)),
        -(exact.diff(x, 2) + exact.diff(y, 2) + exact.diff(z, 2)),
    ),
)
problem.condition("sphere", sp.Eq(U, exact), on=ball.boundary)
problem.exact(exact)
