"""Constant-flow transport in time on a regular pentagon: u_t + 0.6 u_x + 0.3 u_y = 0.

Domain: the regular pentagon inscribed in the circle of radius 0.45 about (0.5, 0.5), one
corner pointing up (a Polygon), times t in [0, 1].

Conditions: u given at t = 0, and u given only where the flow enters the pentagon
(problem.inflow; a . n < 0 with a = (0.6, 0.3)). Nothing on the outflow edges. All data are
the exact solution's.

Exact solution: a Gaussian bump carried by the flow,

    u = exp(-((x - 0.6 t - 0.35)^2 + (y - 0.3 t - 0.45)^2) / 0.05).
"""

import sympy as sp

from pinnls import Box, Polygon, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
ax, ay = sp.Rational(3, 5), sp.Rational(3, 10)
R = sp.Rational
exact = sp.exp(-((x - ax * t - R(35, 100)) ** 2 + (y - ay * t - R(45, 100)) ** 2) / R(5, 100))

corners = [
    (
        0.5 + 0.45 * float(sp.cos(sp.pi / 2 + 2 * sp.pi * k / 5)),
        0.5 + 0.45 * float(sp.sin(sp.pi / 2 + 2 * sp.pi * k / 5)),
    )
    for k in range(5)
]
pentagon = Polygon(corners)
domain = pentagon * Box(t=(0, 1))
problem = Problem(u(x, y, t), domain, name="transport-pentagon")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t) + ax * U.diff(x) + ay * U.diff(y), 0))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.inflow("inflow", sp.Eq(U, exact))
problem.exact(exact)
