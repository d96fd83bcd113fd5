"""Heat flow in a T-shaped fin, u_t = u_xx + u_yy, whose crossbar's underside is insulated: two
re-entrant corners, each between a held edge and an insulated one (mixed corners), on a shape
made by joining two rectangles.

    u_t = u_xx + u_yy       on T x (0, 1), T = [-1, 1] x [0, 1/2]
                            joined with [-1/4, 1/4] x [-1, 1/4]
    u = exact at t = 0
    du/dn = g               on the crossbar's underside y = 0, 1/4 < |x| < 1 (n = (0, -1))
    u = exact               on the rest of the boundary (the stem's sides and foot, the bar's
                            top and ends)

The re-entrant corners are c1 = (-1/4, 0) and c2 = (1/4, 0), each of interior angle 3 pi / 2,
with the stem's side (held) on one edge and the underside (insulated) on the other.

Exact solution: the leading mixed-corner term at each corner (lambda = pi / (2 alpha) = 1/3),
steady, plus a decaying smooth mode:

    u = r1^(1/3) sin(theta1 / 3) + r2^(1/3) sin(theta2 / 3)
        + exp(-pi^2 t / 2) cos(pi x / 2) cos(pi y / 2),

(r_i, theta_i) polar about c_i, theta_i = 0 on the stem's side and 3 pi / 2 on the underside:
theta1 = 3 pi / 4 + atan2(Y - X1, X1 + Y) (X1 = x + 1/4, Y = y, counter-clockwise from the
stem's side; the cut along the ray of angle 5 pi / 4, inside the missing quarter to the lower
left of c1) and theta2 = 3 pi / 4 - atan2(-X2 - Y, Y - X2) (X2 = x - 1/4, clockwise from the
stem's side; the cut along the ray of angle -pi / 4, to the lower right of c2). The solution is
even in x. Each corner term is harmonic (steady) and the mode solves the heat equation
(Laplacian -pi^2/2 times it). On the underside each corner's own term and the mode carry no
flux, but the opposite corner's term does: g = -sqrt(3)/6 (|x| + 1/4)^(-2/3), written for each
half of the underside.

Well posed: the heat equation with an initial state, Dirichlet data on most of the boundary and
Neumann data on the rest, compatible at t = 0 (the initial state is the exact solution).

Hard: grad u ~ r^(-2/3) at both corners, for all time (u is only in H^(4/3 - eps) in space);
the singularity is steady while the mode decays 140-fold over the interval, so the basis must
carry both a time-independent corner function and a smooth transient.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

X1, X2, Y = x + sp.Rational(1, 4), x - sp.Rational(1, 4), y
r1, r2 = sp.sqrt(X1**2 + Y**2), sp.sqrt(X2**2 + Y**2)
theta1 = 3 * sp.pi / 4 + sp.atan2(Y - X1, X1 + Y)  # in [0, 3 pi / 2] on the fin
theta2 = 3 * sp.pi / 4 - sp.atan2(-X2 - Y, Y - X2)  # in [0, 3 pi / 2] on the fin
third = sp.Rational(1, 3)
corners = r1**third * sp.sin(theta1 / 3) + r2**third * sp.sin(theta2 / 3)
mode = sp.exp(-(sp.pi**2) * t / 2) * sp.cos(sp.pi * x / 2) * sp.cos(sp.pi * y / 2)
exact = corners + mode

bar = Box(x=(-1, 1), y=(0, sp.Rational(1, 2)))
stem = Box(x=(-sp.Rational(1, 4), sp.Rational(1, 4)), y=(-1, sp.Rational(1, 4)))
fin = bar | stem
domain = fin * Box(t=(0, 1))
n = fin.normal
heat = Problem(u(x, y, t), domain, name="heat-tee-insulated")
lap = u(x, y, t).diff(x, 2) + u(x, y, t).diff(y, 2)
heat.equation("pde", sp.Eq(u(x, y, t).diff(t), lap))
heat.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
eps = 1e-9
underside = sp.And(y > -eps, y < eps)  # y = 0: only the bar's underside is boundary there
left = sp.And(underside, x < 0)
right = sp.And(underside, x > 0)
flux = n[0] * u(x, y, t).diff(x) + n[1] * u(x, y, t).diff(y)
g_left = -sp.sqrt(3) / 6 * (sp.Rational(1, 4) - x) ** sp.Rational(-2, 3)
g_right = -sp.sqrt(3) / 6 * (x + sp.Rational(1, 4)) ** sp.Rational(-2, 3)
heat.condition("underside-left", sp.Eq(flux, g_left), on=domain.boundary.where(left))
heat.condition("underside-right", sp.Eq(flux, g_right), on=domain.boundary.where(right))
heat.condition("held", sp.Eq(u(x, y, t), exact), on=domain.boundary.where(sp.Not(underside)))
heat.exact(exact)
problem = heat
