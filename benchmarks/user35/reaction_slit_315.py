"""Diffusion with first-order uptake in a square cell with a narrow 45-degree slot cut into it,
-(u_xx + u_yy) + c u = 0 (modified Helmholtz), the slot's walls held at u = 0: a re-entrant
corner of 315 degrees, sharper than an L-shape's.

    -(u_xx + u_yy) + c u = 0   in the square (-1/2, 1/2)^2 minus the triangle (0, 0), (1/2, 0),
                               (1/2, 1/2),   c = 40 (a parameter)
    u = 0                      on the slot's edges y = 0, 0 < x < 1/2 and y = x, 0 < x < 1/2
    u = exact                  on the outer edges

Exact solution: in polar coordinates (r, theta) about the slot's tip (0, 0), I_nu(sqrt(c) r)
sin(nu theta) solves Delta v = c v (modified Bessel equation) for any nu, and nu = pi / alpha =
4/7 for the interior angle alpha = 7 pi / 4 makes it vanish on both slot edges:

    u = I_(4/7)(sqrt(c) r) sin(4 theta / 7),

theta in [0, 7 pi / 4] counter-clockwise from the slot's upper edge (y = x, x > 0) round to its
lower edge (y = 0, x > 0): theta = 7 pi / 8 + atan2(x sin(pi/8) - y cos(pi/8), -x cos(pi/8) -
y sin(pi/8)), whose branch cut lies along the ray of angle pi / 8 from the tip, inside the slot.
I_(4/7)(z) ~ (z/2)^(4/7) / Gamma(11/7) near 0, so u ~ r^(4/7) at the tip; |u| is at most about 16
(at the far corners, sqrt(c) r = 4.5). I_nu is scipy's iv.

Well posed: -Delta + c with c > 0 is coercive; Dirichlet data on the whole boundary.

Hard: grad u ~ r^(-3/7) at the tip, a stronger singularity than an L-shape's r^(-1/3), inside
a thin wedge of 45 degrees that a basis drawn on the bounding box sees from both sides (the two
slot edges are close to each other near the tip, with the solution zero between them only in
the slot); meanwhile the reaction makes u grow like exp(sqrt(c) r) / sqrt(r) away from the tip,
so the singular part is small in the L2 norm and a fit can look accurate while it misses the
tip.
"""

import sympy as sp

from pinnls import Polygon, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
c = sp.Symbol("c")

r = sp.sqrt(x**2 + y**2)
s8, c8 = sp.sin(sp.pi / 8), sp.cos(sp.pi / 8)
theta = 7 * sp.pi / 8 + sp.atan2(x * s8 - y * c8, -x * c8 - y * s8)  # in [0, 7 pi / 4] in the cell
lam = sp.Rational(4, 7)
exact = sp.besseli(lam, sp.sqrt(c) * r) * sp.sin(lam * theta)

half = sp.Rational(1, 2)
cell = Polygon([(-half, -half), (half, -half), (half, 0), (0, 0), (half, half), (-half, half)])
problem = Problem(u(x, y), cell, name="reaction-slit-315", parameters={"c": 40.0})
lap = u(x, y).diff(x, 2) + u(x, y).diff(y, 2)
problem.equation("pde", sp.Eq(-lap + c * u(x, y), 0))
eps = 1e-9
slot = sp.And(x > eps, x < half - eps, y > -eps, y < x + eps)  # on the edges y = 0 and y = x
problem.condition("slot", sp.Eq(u(x, y), 0), on=cell.boundary.where(slot))
problem.condition("outer", sp.Eq(u(x, y), exact), on=cell.boundary.where(sp.Not(slot)))
problem.exact(exact)
