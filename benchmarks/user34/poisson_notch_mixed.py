"""Poisson's equation on a square plate with a 45-degree wedge cut out of it (a re-entrant
corner of 315 degrees), one face of the cut held at a given value and the other insulated: a
mixed Dirichlet-Neumann corner, the strongest singularity of this set.

    -(u_xx + u_yy) = 4 - 2 x^2 - 2 y^2   in the polygon (-1,-1), (1,-1), (0,0), (1,0), (1,1), (-1,1)
    u = 1 - x^2                          on the cut's upper face y = 0, 0 < x < 1
    du/dn = 0                            on the cut's lower face y = -x, 0 < x < 1
    u = exact                            on the outer edges

The removed wedge is the triangle (0,0), (1,-1), (1,0); the interior angle at (0, 0) is
alpha = 7 pi / 4.

Exact solution: the leading mixed-corner term plus a smooth part,

    u = r^(2/7) sin(2 theta / 7) + (1 - x^2)(1 - y^2),

with lambda = pi / (2 alpha) = 2/7, (r, theta) polar about (0, 0), theta in [0, 7 pi / 4] from
the Dirichlet face (theta = 0) counter-clockwise to the insulated face (theta = 7 pi / 4).
theta is atan2 turned so that its branch cut lies along the wedge's bisector (angle -pi/8):
theta = 7 pi / 8 + atan2(-(y cos(pi/8) + x sin(pi/8)), -(x cos(pi/8) - y sin(pi/8))).
The singular term is harmonic, vanishes on theta = 0 and has zero normal derivative on
theta = 7 pi / 4; the smooth part vanishes on the outer edges, equals 1 - x^2 on y = 0, has zero
normal derivative on y = -x (s_x + s_y = 0 there, by its symmetry in x and y) and gives the source.

Well posed: Dirichlet data on the outer edges and one face of the cut, Neumann data on the other
face; no free constant.

Hard: grad u ~ r^(-5/7), nearly as strong as at a crack tip (r^(-1/2) for Dirichlet, r^(-3/4)
for a mixed crack); u is only in H^(1 + 2/7 - eps). Almost all of the singular part's variation
sits in a tiny neighbourhood of (0, 0).
"""

import sympy as sp

from pinnls import Polygon, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")

c8, s8 = sp.cos(sp.pi / 8), sp.sin(sp.pi / 8)
r = sp.sqrt(x**2 + y**2)
theta = 7 * sp.pi / 8 + sp.atan2(-(y * c8 + x * s8), -(x * c8 - y * s8))  # in [0, 7 pi / 4]
lam = sp.Rational(2, 7)
smooth = (1 - x**2) * (1 - y**2)
exact = r**lam * sp.sin(lam * theta) + smooth
source = 4 - 2 * x**2 - 2 * y**2

plate = Polygon([(-1, -1), (1, -1), (0, 0), (1, 0), (1, 1), (-1, 1)])
n = plate.normal
problem = Problem(u(x, y), plate, name="poisson-notch-mixed")
problem.equation("pde", sp.Eq(-(u(x, y).diff(x, 2) + u(x, y).diff(y, 2)), source))
eps = 1e-9
upper_face = sp.And(y > -eps, y < eps, x > -eps)  # y = 0, 0 <= x <= 1
lower_face = sp.And(x + y > -eps, x + y < eps, x > -eps, x < 1 - eps)  # y = -x, 0 <= x < 1
problem.condition("cut-held", sp.Eq(u(x, y), 1 - x**2), on=plate.boundary.where(upper_face))
flux = n[0] * u(x, y).diff(x) + n[1] * u(x, y).diff(y)
problem.condition("cut-insulated", sp.Eq(flux, 0), on=plate.boundary.where(lower_face))
problem.condition(
    "outer",
    sp.Eq(u(x, y), exact),
    on=plate.boundary.where(sp.Not(sp.Or(upper_face, lower_face))),
)
problem.exact(exact)
