"""Steady advection-reaction past a cylinder: a . grad u + k u = f, with a the potential flow
around the cylinder (not constant) and a reaction that grows downstream.

PDE:    a_x u_x + a_y u_y + k u = f, with, about the centre (0.8, 0.5) and R = 0.2,
        X = x - 0.8, Y = y - 0.5, r^2 = X^2 + Y^2,
        a_x = 1 - R^2 (X^2 - Y^2) / r^4,  a_y = -2 R^2 X Y / r^4  (uniform stream past a
        cylinder; a . n = 0 on its rim), k = 1/2 + x/2; f manufactured from the exact u.
Domain: the channel [0, 2] x [0, 1] minus the disk of radius 0.2 about (0.8, 0.5).
Data:   the exact solution where the flow enters (problem.inflow: the left edge and the parts
        of the channel walls where a_y points inwards; the rim is along the flow).
Exact:  u = exp(-x/3) (1 + sin(pi y + x) / 2).
"""

import sympy as sp

from pinnls import Box, Disk, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")

R = sp.Rational(1, 5)
X, Y = x - sp.Rational(4, 5), y - sp.Rational(1, 2)
r2 = X**2 + Y**2
ax = 1 - R**2 * (X**2 - Y**2) / r2**2
ay = -2 * R**2 * X * Y / r2**2
k = sp.Rational(1, 2) + x / 2
exact = sp.exp(-x / 3) * (1 + sp.sin(sp.pi * y + x) / 2)

channel = Box(x=(0, 2), y=(0, 1)) - Disk(center=(0.8, 0.5), radius=0.2)
problem = Problem(u(x, y), channel, name="cylinder-reaction")
operator = ax * u(x, y).diff(x) + ay * u(x, y).diff(y) + k * u(x, y)
source = ax * exact.diff(x) + ay * exact.diff(y) + k * exact
problem.equation("pde", sp.Eq(operator, source))
problem.inflow("inflow", sp.Eq(u(x, y), exact))
problem.exact(exact)
