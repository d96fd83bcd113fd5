"""Transport in three space axes and time (four axes): a smooth pulse in a uniform flow.

    u_t + u_x + 0.5 u_y - 0.5 u_z = 0   on (x, y, z) in [0, 1]^3, t in [0, 0.5].

The flow enters through x = 0, y = 0 and z = 1 (found by ``problem.inflow``) and carries a
Gaussian pulse of width 0.25 from (0.35, 0.4, 0.6) to (0.85, 0.65, 0.35), plus a plane wave.
Exact: u = g(x - t, y - t / 2, z + t / 2).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z, t = sp.symbols("x y z t")
u = sp.Function("u")


def g(px, py, pz):
    pulse = sp.exp(-((px - 0.35) ** 2 + (py - 0.4) ** 2 + (pz - 0.6) ** 2) / 0.25**2)
    return pulse + sp.sin(px + py + pz) / 2


exact = g(x - t, y - t / 2, z + t / 2)

domain = Box(x=(0, 1), y=(0, 1), z=(0, 1), t=(0, sp.Rational(1, 2)))
problem = Problem(u(x, y, z, t), domain, name="transport-3d-time")
U = u(x, y, z, t)
problem.equation("pde", sp.Eq(U.diff(t) + U.diff(x) + U.diff(y) / 2 - U.diff(z) / 2, 0))
problem.condition("initial", sp.Eq(u(x, y, z, 0), exact.subs(t, 0)))
problem.inflow("inflow", sp.Eq(U, exact))
problem.exact(exact)
