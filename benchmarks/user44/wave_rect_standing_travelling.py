"""2-D wave equation on a rectangle: u_tt = c^2 (u_xx + u_yy), c = 1.5.

Domain: x in [0, 2], y in [0, 1], t in [0, 1].

Conditions: u and u_t given at t = 0; u given on all four walls (Dirichlet, from the exact
solution: the standing mode vanishes there, the travelling pulse does not).

Exact solution: a standing mode of the rectangle plus a Gaussian pulse travelling in the
direction n = (3/5, 4/5) at speed c:

    u = sin(pi x / 2) sin(pi y) cos(omega t),   omega = c pi sqrt(1/4 + 1) = 1.5 pi sqrt(5) / 2,
      + exp(-((3 x + 4 y) / 5 - c t - 0.3)^2 / 0.25^2) / 2.

The pulse's front n . x = 0.3 + 1.5 t crosses the box (n . x runs from 0 to 2) during the
run; the standing mode goes through about 0.84 of a period.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
R = sp.Rational
c = R(3, 2)
omega = c * sp.pi * sp.sqrt(R(1, 4) + 1)
standing = sp.sin(sp.pi * x / 2) * sp.sin(sp.pi * y) * sp.cos(omega * t)
travelling = sp.exp(-(((3 * x + 4 * y) / 5 - c * t - R(3, 10)) ** 2) / R(1, 4) ** 2) / 2
exact = standing + travelling

domain = Box(x=(0, 2), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="wave-rect-standing-travelling")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t, 2), c**2 * (U.diff(x, 2) + U.diff(y, 2))))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("velocity", sp.Eq(U.diff(t).subs(t, 0), exact.diff(t).subs(t, 0)))
for axis, value in [(x, 0), (x, 2), (y, 0), (y, 1)]:
    problem.condition(f"wall-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value)))
problem.exact(exact)
