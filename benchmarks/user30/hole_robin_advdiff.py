"""Unsteady advection-diffusion in a channel with a cooled round pillar.

PDE:    u_t + u_x = 0.1 (u_xx + u_yy) + f   (f from the exact solution)
Domain: Box(x in [0, 2], y in [0, 1]) minus Disk(center (0.8, 0.5), radius 0.25), t in [0, 1]
Data:   u(x, y, 0);
        x = 0 (inlet):          u = exact                        (Dirichlet)
        y = 0 and y = 1 (walls): du/dn = exact's                  (Neumann)
        x = 2 (outlet):         du/dn = exact's                  (Neumann)
        the pillar's rim:       du/dn + 3 u = exact's            (Robin, n out of the fluid,
                                                                  i.e. into the pillar)
Exact:  u = exp(-t/2) cos(pi y) (1 + x / 2) + 0.3 tanh(3 (x - 1 - t / 2)).
"""

import sympy as sp

from pinnls import Box, Disk, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
D = sp.Rational(1, 10)
exact = sp.exp(-t / 2) * sp.cos(sp.pi * y) * (1 + x / 2) + sp.Rational(3, 10) * sp.tanh(
    3 * (x - 1 - t / 2)
)

channel = Box(x=(0, 2), y=(0, 1)) - Disk(center=(0.8, 0.5), radius=0.25)
domain = channel * Box(t=(0, 1))
n = channel.normal
U = u(x, y, t)
problem = Problem(U, domain, name="hole-robin-advdiff")
problem.equation("pde", sp.Eq(U.diff(t) + U.diff(x) - D * (U.diff(x, 2) + U.diff(y, 2)), 0))


def dn(w):
    return n[0] * w.diff(x) + n[1] * w.diff(y)


eps = 1e-9
inlet = x < eps
walls = sp.Or(y < eps, y > 1 - eps, x > 2 - eps)
rim = (x - sp.Rational(4, 5)) ** 2 + (y - sp.Rational(1, 2)) ** 2 < sp.Rational(3, 10) ** 2
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("inlet", sp.Eq(U, exact), on=domain.boundary.where(inlet))
problem.condition(
    "walls", sp.Eq(dn(U), dn(exact)), on=domain.boundary.where(sp.And(walls, sp.Not(inlet)))
)
problem.condition(
    "pillar", sp.Eq(dn(U) + 3 * U, dn(exact) + 3 * exact), on=domain.boundary.where(rim)
)
problem = problem.manufactured(exact)
