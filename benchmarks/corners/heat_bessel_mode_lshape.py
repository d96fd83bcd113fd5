"""Heat on the L-shape: a decaying Bessel mode at the re-entrant corner.

    u_t = u_xx + u_yy   on (-1, 1)^2 without its lower right quarter, t in [0, 1/5]
    u = exact           on the boundary and at t = 0

Exact solution: u = exp(-k^2 t) J_(2/3)(k r) sin(2 theta / 3), k = 4, (r, theta) polar about
the corner (0, 0), theta from the edge y = 0, x > 0 counter-clockwise (the cut of atan2 lies in
the missing quarter). Its corner coefficient decays in time, so the r^(2/3 + 2m) terms of
J_(2/3)(k r) come with every derivative of exp(-k^2 t): the parabolic equation's own corner
solutions (caloric rows) make them, to the accuracy of a polynomial of degree 8 in time for
exp(-16 t).
"""

import sympy as sp

from pinnls import Box, Polygon, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
k = 4
lshape = Polygon([(-1, -1), (0, -1), (0, 0), (1, 0), (1, 1), (-1, 1)])
theta = sp.atan2(-(x + y), y - x) + 3 * sp.pi / 4
r = sp.sqrt(x**2 + y**2)
exact = sp.exp(-(k**2) * t) * sp.besselj(sp.Rational(2, 3), k * r) * sp.sin(2 * theta / 3)
domain = lshape * Box(t=(0, sp.Rational(1, 5)))
U = u(x, y, t)
problem = Problem(U, domain, name="heat-bessel-mode-lshape")
problem.equation("pde", sp.Eq(U.diff(t), U.diff(x, 2) + U.diff(y, 2)))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("rim", sp.Eq(U, exact), on=domain.boundary)
problem.exact(exact)
