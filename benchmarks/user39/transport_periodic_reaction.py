"""Oblique transport with decay, periodic across the strip: u_t + 3/2 u_x + 1/2 u_y + 3/10 u = 0.

Domain: x in [0, 2], y in [0, 1] (periodic in y), t in [0, 1]. The constant velocity
a = (3/2, 1/2) enters through x = 0 and leaves through x = 2; across y the strip wraps around.

Conditions: u given at t = 0; u given at the inflow x = 0 (from the exact solution); the
periodic condition u(x, 0, t) = u(x, 1, t), which also covers the inflow through y = 0; no
condition on the outflow x = 2.

Exact solution: u = g(x - 3t/2, y - t/2) exp(-3t/10) with

    g(x, y) = exp(-((x - 0.4) / 0.15)^2) (1 + 0.5 sin(2 pi y)) + 0.3 sin(pi x) cos(2 pi y),

a ridge of Gaussian profile (width 0.15) along y, modulated by one period of sin(2 pi y), and a
wave pattern; both are carried obliquely and wrap around in y (period 1) while they decay.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
R = sp.Rational
ax, ay, react = R(3, 2), R(1, 2), R(3, 10)


def g(px, py):
    ridge = sp.exp(-(((px - R(2, 5)) / R(3, 20)) ** 2)) * (1 + sp.sin(2 * sp.pi * py) / 2)
    return ridge + R(3, 10) * sp.sin(sp.pi * px) * sp.cos(2 * sp.pi * py)


exact = g(x - ax * t, y - ay * t) * sp.exp(-react * t)

domain = Box(x=(0, 2), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="transport-periodic-reaction")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t) + ax * U.diff(x) + ay * U.diff(y) + react * U, 0))
problem.condition("initial", sp.Eq(u(x, y, 0), g(x, y)))
problem.condition("inflow", sp.Eq(u(0, y, t), exact.subs(x, 0)))
problem.condition("periodic", sp.Eq(u(x, 0, t) - u(x, 1, t), 0))
problem.exact(exact)
