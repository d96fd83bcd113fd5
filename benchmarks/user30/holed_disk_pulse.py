"""A Gaussian pulse drifting across a round pond with an off-centre island.

PDE:    u_t + 0.8 u_x + 0.3 u_y = 0
Domain: Disk(center (0, 0), radius 1) minus Disk(center (0.15, 0.1), radius 0.3), t in [0, 1]
        (the pulse grazes the top of the island on its way across)
Data:   u(x, y, 0) = g(x, y); inflow (a.n < 0: the upwind half of the outer rim and the
        downstream half of the island's rim) from the exact solution, via problem.inflow.
Exact:  u = g(x - 0.8 t, y - 0.3 t), g = exp(-((x + 0.55)^2 + (y - 0.35)^2) / 0.15^2).
"""

import sympy as sp

from pinnls import Box, Disk, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
ax, ay = sp.Rational(4, 5), sp.Rational(3, 10)


def g(px, py):
    return sp.exp(
        -((px + sp.Rational(55, 100)) ** 2 + (py - sp.Rational(35, 100)) ** 2)
        / sp.Rational(15, 100) ** 2
    )


pond = Disk(center=(0, 0), radius=1) - Disk(center=(0.15, 0.1), radius=0.3)
domain = pond * Box(t=(0, 1))
exact = g(x - ax * t, y - ay * t)

problem = Problem(u(x, y, t), domain, name="holed-disk-pulse")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t) + ax * U.diff(x) + ay * U.diff(y), 0))
problem.condition("initial", sp.Eq(u(x, y, 0), g(x, y)))
problem.inflow("inflow", sp.Eq(U, exact))
problem.exact(exact)
