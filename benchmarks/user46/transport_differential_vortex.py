"""A dye blob sheared by a vortex whose core spins faster than its rim.

u_t + a . grad u = 0 with the divergence-free swirl a = w(r) (-(y - 1/2), x - 1/2),
w(r) = w0 / (1 + r^2 / r0^2), r the distance from the vortex centre (1/2, 1/2),
w0 = 3 rad/s, r0 = 0.25 m (a Lamb-Oseen-like differential rotation).

Domain: the unit square (metres), x, y in [0, 1], over t in [0, 2] s.

Conditions: the blob at t = 0, and the exact value where the swirl enters the square
(problem.inflow). All data are the exact solution's.

Exact solution: each point turns about the centre at its own angular speed w(r), so the blob
(a Gaussian of width 0.1 m centred at (0.7, 0.5)) is wound into a spiral:

    u = g(R(-w(r) t) (x - 1/2, y - 1/2)),   g(p) = exp(-|p - (0.2, 0)|^2 / 0.01).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
R = sp.Rational
w0, r0 = 3, R(1, 4)
xs, ys = x - R(1, 2), y - R(1, 2)
w = w0 / (1 + (xs**2 + ys**2) / r0**2)

angle = w * t  # rotate back by the angle turned
xb = xs * sp.cos(angle) + ys * sp.sin(angle)
yb = -xs * sp.sin(angle) + ys * sp.cos(angle)
exact = sp.exp(-((xb - R(1, 5)) ** 2 + yb**2) / R(1, 100))

domain = Box(x=(0, 1), y=(0, 1), t=(0, 2))
problem = Problem(u(x, y, t), domain, name="transport-differential-vortex")
c = u(x, y, t)
problem.equation("pde", sp.Eq(c.diff(t) - w * ys * c.diff(x) + w * xs * c.diff(y), 0))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.inflow("inflow", sp.Eq(c, exact))
problem.exact(exact)
