"""A Gaussian pulse that starts outside the square and enters through the inflow faces.

PDE:    u_t + 1.2 u_x + 0.9 u_y = 0
Domain: x, y in [0, 1], t in [0, 1]
Data:   u(x, y, 0) (only the pulse's tail is inside at t = 0); inflow (x = 0 and y = 0, found
        by problem.inflow from the velocity) from the exact solution.
Exact:  u = exp(-((x + 0.15 - 1.2 t)^2 + (y + 0.1 - 0.9 t)^2) / 0.12^2): the centre starts at
        (-0.15, -0.1), enters around t = 0.15 and is at (1.05, 0.8) at t = 1.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
ax, ay = sp.Rational(6, 5), sp.Rational(9, 10)
w = sp.Rational(12, 100)


def g(px, py):
    return sp.exp(-((px + sp.Rational(15, 100)) ** 2 + (py + sp.Rational(1, 10)) ** 2) / w**2)


exact = g(x - ax * t, y - ay * t)

domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="pulse-entering-corner")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t) + ax * U.diff(x) + ay * U.diff(y), 0))
problem.condition("initial", sp.Eq(u(x, y, 0), g(x, y)))
problem.inflow("inflow", sp.Eq(U, exact))
problem.exact(exact)
