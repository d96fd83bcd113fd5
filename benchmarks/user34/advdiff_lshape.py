"""Steady advection-diffusion of a solute in an L-shaped chamber, -nu (u_xx + u_yy) + a . grad u
= 0, the flow leaving past the re-entrant corner, whose edges are held at zero concentration
(an absorbing wall): a corner singularity beside a flow.

    -nu (u_xx + u_yy) + u_x + u_y / 2 = 0   on the unit square without its upper right quarter,
                                            nu = 1/10 (a parameter), a = (1, 1/2)
    u = 0                                   on the notch's edges x = 1/2, 1/2 < y < 1 and
                                            y = 1/2, 1/2 < x < 1
    u = exact                               on the outer edges

Exact solution: with b = a / (2 nu), u = exp(b . x) v turns the equation into
Delta v = |b|^2 v (modified Helmholtz), whose solutions at the corner are
I_lam(|b| r) sin(lam theta):

    u = exp(b . (x - c)) I_(2/3)(|b| r) sin(2 theta / 3),   c = (1/2, 1/2),

(r, theta) polar about c, theta in [0, 3 pi / 2] counter-clockwise from the edge going up
(x = 1/2, y > 1/2) to the edge going right (y = 1/2, x > 1/2); theta is atan2 turned so that its
branch cut lies along the ray of angle pi/4 from c, inside the missing quarter:
theta = 3 pi / 4 + atan2(X - Y, -X - Y), (X, Y) = (x, y) - c. I_(2/3)(z) ~ (z/2)^(2/3) / Gamma(5/3)
near 0, so u ~ r^(2/3) sin(2 theta / 3) at the corner. I_nu is scipy's iv.

Well posed: a second-order elliptic operator (nu > 0) with Dirichlet data on the whole
boundary.

Hard: the corner singularity (grad u ~ r^(-1/3)) sits on the outflow side (a . n = 1 and 1/2
on the two notch edges), where an advection-dominated solution would form layers; here
Pe = |a| L / nu is about 11 on the unit length, and the solution grows by exp(b . x) toward the
outflow (u up to about 17) while vanishing along the notch.
"""

import sympy as sp

from pinnls import Polygon, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
nu = sp.Symbol("nu")

ax, ay = 1, sp.Rational(1, 2)
bx, by = ax / (2 * nu), ay / (2 * nu)
k = sp.sqrt(bx**2 + by**2)
X, Y = x - sp.Rational(1, 2), y - sp.Rational(1, 2)
r = sp.sqrt(X**2 + Y**2)
theta = 3 * sp.pi / 4 + sp.atan2(X - Y, -X - Y)  # in [0, 3 pi / 2] in the chamber
exact = sp.exp(bx * X + by * Y) * sp.besseli(sp.Rational(2, 3), k * r) * sp.sin(2 * theta / 3)

half = sp.Rational(1, 2)
chamber = Polygon([(0, 0), (1, 0), (1, half), (half, half), (half, 1), (0, 1)])
problem = Problem(u(x, y), chamber, name="advdiff-lshape", parameters={"nu": 0.1})
lap = u(x, y).diff(x, 2) + u(x, y).diff(y, 2)
problem.equation("pde", sp.Eq(-nu * lap + ax * u(x, y).diff(x) + ay * u(x, y).diff(y), 0))
eps = 1e-9
notch = sp.And(x > half - eps, y > half - eps)
problem.condition("notch", sp.Eq(u(x, y), 0), on=chamber.boundary.where(notch))
problem.condition("outer", sp.Eq(u(x, y), exact), on=chamber.boundary.where(sp.Not(notch)))
problem.exact(exact)
