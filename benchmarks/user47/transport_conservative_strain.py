"""Gas tracer density in a compressible strain flow, conservative form: rho_t + div(v rho) = 0.

Velocity (m/s): v = (0.2 + 0.5 x, -0.3 (y - 0.5)): the flow accelerates along x (stretching)
and converges onto the centreline y = 0.5 (squeezing); div v = 0.5 - 0.3 = 0.2 > 0, a net
expansion, so the density drops along each path as exp(-0.2 t).

Domain: x in [0, 2] m, y in [0, 1] m, t in [0, 2] s.

Conditions: the density at t = 0 (a Gaussian puff of width 0.15 m at (0.4, 0.3)), and the
exact density where the flow enters (problem.inflow: x = 0, y = 0 and y = 1).

Exact solution: characteristics x + 0.4 = (x0 + 0.4) e^(0.5 t), y - 0.5 = (y0 - 0.5) e^(-0.3 t),
and d rho / dt = -(div v) rho along them, so

    rho = g(X0, Y0) exp(-0.2 t),  X0 = (x + 0.4) e^(-0.5 t) - 0.4,  Y0 = 0.5 + (y - 0.5) e^(0.3 t),
    g(x, y) = exp(-((x - 0.4)^2 + (y - 0.3)^2) / 0.15^2).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
rho = sp.Function("rho")
R = sp.Rational

vx = R(1, 5) + R(1, 2) * x
vy = -R(3, 10) * (y - R(1, 2))


def puff(px, py):
    return sp.exp(-((px - R(2, 5)) ** 2 + (py - R(3, 10)) ** 2) / R(15, 100) ** 2)


X0 = (x + R(2, 5)) * sp.exp(-t / 2) - R(2, 5)
Y0 = R(1, 2) + (y - R(1, 2)) * sp.exp(R(3, 10) * t)
exact = puff(X0, Y0) * sp.exp(-t / 5)

domain = Box(x=(0, 2), y=(0, 1), t=(0, 2))
problem = Problem(rho(x, y, t), domain, name="transport-conservative-strain")
r = rho(x, y, t)
problem.equation("mass", sp.Eq(r.diff(t) + sp.diff(vx * r, x) + sp.diff(vy * r, y), 0))
problem.condition("initial", sp.Eq(rho(x, y, 0), puff(x, y)))
problem.inflow("inflow", sp.Eq(r, exact))
problem.exact(exact)
