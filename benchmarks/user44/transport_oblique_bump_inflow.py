"""2-D transport of a smooth bump by a constant oblique flow: u_t + a u_x + b u_y = 0.

Domain: x in [0, 1], y in [0, 1], t in [0, 1]; velocity (a, b) = (0.7, -0.4) (to the right
and down).

Conditions: u given at t = 0, and on the inflow part of the boundary only, declared with
problem.inflow (pinnls finds the faces from the velocity: x = 0, where a·n = -0.7, and
y = 1, where a·n = -0.4); the outflow faces x = 1 and y = 0 get nothing. The inflow data are
the exact solution's (the bump's tails, small but not zero).

Exact solution: a Gaussian bump of width 0.15, centred at (0.25, 0.7) at t = 0, carried
unchanged by the flow:

    u = exp(-((x - 0.7 t - 0.25)^2 + (y + 0.4 t - 0.7)^2) / 0.15^2).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
R = sp.Rational
a, b = R(7, 10), R(-2, 5)
width = R(3, 20)


def bump(px, py):
    return sp.exp(-((px - R(1, 4)) ** 2 + (py - R(7, 10)) ** 2) / width**2)


exact = bump(x - a * t, y - b * t)

domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="transport-oblique-bump-inflow")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t) + a * U.diff(x) + b * U.diff(y), 0))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.inflow("inflow", sp.Eq(U, exact))
problem.exact(exact)
