"""A decaying solute carried by a uniform wind across an L-shaped plate, u_t - nu (u_xx + u_yy) +
a . grad u = 0 for t in [0, 1], the notch's two edges absorbing (u = 0): a corner singularity
that persists in time beside a drift.

    u_t - nu (u_xx + u_yy) + u_x / 2 + u_y / 4 = 0
                 on the unit square without its lower left quarter [0, 1/2]^2, t in [0, 1],
                 nu = 1/10 (a parameter), a = (1/2, 1/4)
    u = 0        on the notch's edges x = 1/2, 0 < y < 1/2 and y = 1/2, 0 < x < 1/2
    u = exact    on the outer edges, for all t, and at t = 0

Exact solution: a separated mode exp(-mu t) w(x), mu = 2, where -nu Delta w + a . grad w = mu w.
With b = a / (2 nu), w = exp(b . (x - c)) v turns that into Delta v + k^2 v = 0, k^2 =
mu / nu - |b|^2 (Helmholtz), whose solutions at the corner c = (1/2, 1/2) vanishing on both notch
edges are J_(2/3)(k r) sin(2 theta / 3):

    u = exp(-mu t) exp(b . (x - c)) J_(2/3)(k r) sin(2 theta / 3),
        b = (5/2, 5/4), k^2 = 20 - 125/16 = 195/16 (k = 3.49) at nu = 1/10,

(r, theta) polar about c, theta in [0, 3 pi / 2] counter-clockwise from the edge going down
(x = 1/2, y < 1/2) round to the edge going left (y = 1/2, x < 1/2); theta = 3 pi / 4 +
atan2(Y - X, X + Y), (X, Y) = (x, y) - c, whose branch cut lies along the ray of angle 5 pi / 4
from c, inside the missing quarter. kr <= 2.47 < 3.37, the first zero of J_(2/3), so w > 0 in
the plate; |u| < 2.7. Checked with sympy: u_t - nu Delta u + a . grad u simplifies to 0, and
vanishes to 40 digits at interior points. k is real for nu > |a|^2 / (4 mu) = 0.039: keep nu
above that when changing it. J_nu is scipy's jv.

Well posed: a parabolic equation (nu > 0) with initial data and Dirichlet data on the whole
lateral boundary, compatible at t = 0 (the initial data are the exact solution's, zero on the
notch).

Hard: the initial data already carry the r^(2/3) singularity, and it stays at the corner for
all t (grad u ~ r^(-1/3) times exp(-2 t)), while the drift tilts the solution by exp(b . x)
toward the upper right; the solution decays by e^2 over the interval, so errors late in time are
measured against a small solution.
"""

import sympy as sp

from pinnls import Box, Polygon, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
nu = sp.Symbol("nu")

ax, ay = sp.Rational(1, 2), sp.Rational(1, 4)
mu = 2
bx, by = ax / (2 * nu), ay / (2 * nu)
k = sp.sqrt(mu / nu - bx**2 - by**2)
half = sp.Rational(1, 2)
X, Y = x - half, y - half
r = sp.sqrt(X**2 + Y**2)
theta = 3 * sp.pi / 4 + sp.atan2(Y - X, X + Y)  # in [0, 3 pi / 2] on the plate
lam = sp.Rational(2, 3)
exact = sp.exp(-mu * t + bx * X + by * Y) * sp.besselj(lam, k * r) * sp.sin(lam * theta)

plate = Polygon([(half, 0), (1, 0), (1, 1), (0, 1), (0, half), (half, half)])
domain = plate * Box(t=(0, 1))
problem = Problem(u(x, y, t), domain, name="heat-drift-lshape", parameters={"nu": 0.1})
U = u(x, y, t)
lap = U.diff(x, 2) + U.diff(y, 2)
problem.equation("pde", sp.Eq(U.diff(t) - nu * lap + ax * U.diff(x) + ay * U.diff(y), 0))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
eps = 1e-9
notch = sp.And(x < half + eps, y < half + eps)  # the edges x = 1/2, y < 1/2 and y = 1/2, x < 1/2
problem.condition("notch", sp.Eq(U, 0), on=domain.boundary.where(notch))
problem.condition("outer", sp.Eq(U, exact), on=domain.boundary.where(sp.Not(notch)))
problem.exact(exact)
