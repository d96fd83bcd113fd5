"""2-D transport along a long channel: u_t + 3/2 u_x + 1/4 u_y = 0.

Domain: x in [0, 4], y in [0, 1], t in [0, 2] (a channel four times longer than it is wide);
constant velocity (3/2, 1/4).

Conditions: u given at t = 0; u given on the inflow sides x = 0 and y = 0 (the flow leaves
through x = 4 and y = 1, which get no condition). All data are the exact solution's.

Exact solution: an elliptic Gaussian pulse, half-widths 0.3 along x and 0.2 along y, centred
at (0.6, 0.4) at t = 0, carried without change to (3.6, 0.9) at t = 2:

    u = exp(-((x - 0.6 - 1.5 t) / 0.3)^2 - ((y - 0.4 - 0.25 t) / 0.2)^2).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
R = sp.Rational
vx, vy = R(3, 2), R(1, 4)


def pulse(X, Y):
    """The initial pulse."""
    return sp.exp(-(((X - R(3, 5)) / R(3, 10)) ** 2) - ((Y - R(2, 5)) / R(1, 5)) ** 2)


exact = pulse(x - vx * t, y - vy * t)

domain = Box(x=(0, 4), y=(0, 1), t=(0, 2))
problem = Problem(u(x, y, t), domain, name="transport-long-channel")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t) + vx * U.diff(x) + vy * U.diff(y), 0))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("inflow-x0", sp.Eq(u(0, y, t), exact.subs(x, 0)))
problem.condition("inflow-y0", sp.Eq(u(x, 0, t), exact.subs(y, 0)))
problem.exact(exact)
