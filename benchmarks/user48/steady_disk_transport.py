"""Steady transport with decay through a round tank, along a curved flow.

a . grad u + lam u = 0 on the disk of centre (0.5, 0.5) m and radius 0.5 m, no time axis,
a = (1, 2 (x - 0.5)) m/s (streamlines are parabolas y - (x - 0.5)^2 = const), lam = 0.8 1/m.
Exact: u = g(y - (x - 0.5)^2) exp(-lam x), a band of dye entering on the upstream part of the
rim; the inflow part of the rim (a . n < 0) is found by problem.inflow.
"""

import sympy as sp

from pinnls import Disk, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")

lam = 0.8


def g(s):
    return 0.3 + sp.exp(-(((s - 0.35) / 0.12) ** 2))


exact = g(y - (x - 0.5) ** 2) * sp.exp(-lam * x)

tank = Disk(center=(0.5, 0.5), radius=0.5)
problem = Problem(u(x, y), tank, name="steady-disk-transport")
problem.equation(
    "transport",
    sp.Eq(u(x, y).diff(x) + 2 * (x - 0.5) * u(x, y).diff(y) + lam * u(x, y), 0),
)
problem.inflow("inflow", sp.Eq(u(x, y), exact))
problem.exact(exact)
