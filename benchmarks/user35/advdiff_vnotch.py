"""Steady advection-diffusion in a rectangular channel with a V-shaped notch of 60 degrees
cut into its upper wall, -nu (u_xx + u_yy) + a . grad u = 0, the flow running down and to the
right past the notch, whose walls are held at u = 0: a corner singularity of 300 degrees beside
a flow that is oblique to every wall.

    -nu (u_xx + u_yy) + (9/25) u_x - (12/25) u_y = 0
                 in the rectangle (-1, 1) x (-1/2, 1/2) minus the notch, the triangle with tip
                 (0, 0) and base from (-w, 1/2) to (w, 1/2), w = 1 / (2 sqrt(3)),
                 nu = 1/10 (a parameter), a = (9/25, -12/25), |a| = 3/5
    u = 0        on the notch's two edges (from the tip at 60 and 120 degrees)
    u = exact    on the channel's outer edges

Exact solution: with b = a / (2 nu), u = exp(b . x) v turns the equation into
Delta v = |b|^2 v (modified Helmholtz), whose solutions at the tip are I_lam(|b| r) sin(lam theta);
lam = pi / alpha = 3/5 for the interior angle alpha = 5 pi / 3 makes them vanish on both edges:

    u = exp(b . x) I_(3/5)(|b| r) sin(3 theta / 5),   b = (9/5, -12/5), |b| = 3 at nu = 1/10,

(r, theta) polar about the tip, theta in [0, 5 pi / 3] counter-clockwise from the left edge of
the notch (direction 120 degrees) round to its right edge (direction 60 degrees);
theta = 5 pi / 6 + atan2(x, -y), whose branch cut lies along the ray going straight up from the
tip, inside the notch. I_(3/5)(z) ~ (z/2)^(3/5) / Gamma(8/5) near 0, so u ~ r^(3/5) at the tip.
|u| stays below about 100 (downstream, toward the lower right corner); upstream (x < -1/2)
it is below 3. I_nu is scipy's iv.

Well posed: a second-order elliptic operator (nu > 0) with Dirichlet data on the whole
boundary.

Hard: grad u ~ r^(-2/5) at the tip; the flow enters the domain through the notch's right wall
(a . n = -0.55 there) and grazes its left wall (a . n = +0.07), so the singular function sits
where the solution is carried downstream, and the factor exp(b . x) stretches it into a plume
growing by e^3 toward the lower right corner. Peclet number |a| L / nu = 12 over the channel's
length.
"""

import sympy as sp

from pinnls import Polygon, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
nu = sp.Symbol("nu")

ax, ay = sp.Rational(9, 25), -sp.Rational(12, 25)
bx, by = ax / (2 * nu), ay / (2 * nu)
kappa = sp.sqrt(ax**2 + ay**2) / (2 * nu)  # |b|
r = sp.sqrt(x**2 + y**2)
theta = 5 * sp.pi / 6 + sp.atan2(x, -y)  # in [0, 5 pi / 3] in the channel
lam = sp.Rational(3, 5)
exact = sp.exp(bx * x + by * y) * sp.besseli(lam, kappa * r) * sp.sin(lam * theta)

half = sp.Rational(1, 2)
w = float(1 / (2 * sp.sqrt(3)))
channel = Polygon([(-1, -half), (1, -half), (1, half), (w, half), (0, 0), (-w, half), (-1, half)])
problem = Problem(u(x, y), channel, name="advdiff-vnotch", parameters={"nu": 0.1})
lap = u(x, y).diff(x, 2) + u(x, y).diff(y, 2)
problem.equation("pde", sp.Eq(-nu * lap + ax * u(x, y).diff(x) + ay * u(x, y).diff(y), 0))
eps = 1e-9
notch = sp.And(y > -eps, y < half - eps, 3 * x**2 < y**2 + eps)  # the edges y = sqrt(3) |x|
problem.condition("notch", sp.Eq(u(x, y), 0), on=channel.boundary.where(notch))
problem.condition("outer", sp.Eq(u(x, y), exact), on=channel.boundary.where(sp.Not(notch)))
problem.exact(exact)
