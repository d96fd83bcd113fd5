"""2-D transport in a turning wind: u_t + cos(t) u_x + sin(t) u_y = 0.

Domain: x in [0, 3/2], y in [0, 2], t in [0, 2]. The wind has unit speed and turns
counter-clockwise with time, from blowing along +x at t = 0 to blowing along +y at t = pi/2 and
then partly back along -x (cos t < 0 for t > pi/2).

Conditions: u given at t = 0, and u given where the flow enters (problem.inflow finds the
entering part from the velocity: x = 0 for t < pi/2, x = 3/2 for t > pi/2, y = 0 for t > 0).
All data are the exact solution's.

Exact solution: the characteristics are X(t) = x0 + sin t, Y(t) = y0 + 1 - cos t, so a Gaussian
of width 0.2 centred at (0.3, 0.3) at t = 0 is carried along an arc to about (1.21, 1.72) at
t = 2 without changing shape:

    u = exp(-((x - 0.3 - sin t)^2 + (y - 0.3 - (1 - cos t))^2) / 0.2^2).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
R = sp.Rational
width = R(1, 5)
cx = R(3, 10) + sp.sin(t)
cy = R(3, 10) + 1 - sp.cos(t)
exact = sp.exp(-((x - cx) ** 2 + (y - cy) ** 2) / width**2)


def operator(w):
    """u_t + cos(t) u_x + sin(t) u_y, applied to w."""
    return w.diff(t) + sp.cos(t) * w.diff(x) + sp.sin(t) * w.diff(y)


domain = Box(x=(0, R(3, 2)), y=(0, 2), t=(0, 2))
problem = Problem(u(x, y, t), domain, name="transport-turning-wind")
problem.equation("pde", sp.Eq(operator(u(x, y, t)), 0))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.inflow("inflow", sp.Eq(u(x, y, t), exact))
problem.exact(exact)
