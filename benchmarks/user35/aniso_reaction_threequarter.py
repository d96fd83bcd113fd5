"""Steady heat in an orthotropic three-quarter disk (conductivity 2 along x, 1 along y) that also
loses heat to its surroundings, -(2 u_xx + u_yy) + u = f, with one edge of the cut insulated
and the other held: a mixed Dirichlet-Neumann corner of 270 degrees, whose singular exponent is
1/3, in the stretched frame where the operator is the Laplacian.

    -(2 u_xx + u_yy) + u = f   in the unit disk about (0, 0) minus its quarter x > 0, y < 0
    u = exact                  on the cut's edge y = 0, 0 < x < 1 and on the arc
    n . (A grad u) = 0         on the cut's edge x = 0, -1 < y < 0 (insulated: the conormal
                               flux, A = diag(2, 1), n the outward normal (1, 0); 2 u_x = 0)

Exact solution (manufactured, singular at the corner): in the stretched coordinates X = x /
sqrt(2), Y = y the operator is -(u_XX + u_YY) + u, and the cut's edges stay along the axes
(the stretch is along x), so the interior angle is still alpha = 3 pi / 2. With Dirichlet on the
edge Theta = 0 and Neumann on the edge Theta = alpha the corner exponents are
(j + 1/2) pi / alpha, the first 1/3:

    u = R^(1/3) sin(Theta / 3) + exp(y / 2) cos(pi x / 3),

R = sqrt(x^2 / 2 + y^2), Theta in [0, 3 pi / 2] counter-clockwise from the edge y = 0, x > 0
round to the edge x = 0, y < 0: Theta = 3 pi / 4 + atan2(-X - Y, Y - X), whose branch cut lies
along the ray of angle -pi/4 (in the stretched frame), inside the missing quarter. The singular
part is harmonic in (X, Y), so it solves -(2 u_xx + u_yy) = 0 and its share of f is itself
(sympy's simplify confirms it); it vanishes on y = 0, and its conormal flux 2 u_x is zero on
x = 0 (d/dTheta sin(Theta / 3) = 0 at Theta = 3 pi / 2), and so is the smooth part's
(d/dx cos(pi x / 3) = 0 at x = 0): that edge is insulated. f and the Dirichlet data are computed
by sympy from u. |u| < 2.2, |f| < 5.4.

Well posed: A = diag(2, 1) is positive definite and the reaction coefficient is 1 > 0, so the
bilinear form is coercive; Dirichlet data on part of the boundary, a flux on the rest.

Hard: grad u ~ R^(-2/3), stronger than the all-Dirichlet L-shape's R^(-1/3), because one edge
is insulated; its level lines are ellipses (the stretch), so isotropic singular functions at
the drawn angle miss; the source f carries the same singular function R^(1/3) sin(Theta / 3).
"""

import sympy as sp

from pinnls import Disk, Polygon, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")

X, Y = x / sp.sqrt(2), y
R = sp.sqrt(X**2 + Y**2)
Theta = 3 * sp.pi / 4 + sp.atan2(-X - Y, Y - X)  # in [0, 3 pi / 2] in the stretched frame
singular = R ** sp.Rational(1, 3) * sp.sin(Theta / 3)
smooth = sp.exp(y / 2) * sp.cos(sp.pi * x / 3)
exact = singular + smooth


def operator(v):
    """-(2 v_xx + v_yy) + v."""
    return -(2 * v.diff(x, 2) + v.diff(y, 2)) + v


f = operator(smooth) + sp.simplify(operator(singular))  # the second is the singular part itself

plate = Disk(center=(0, 0), radius=1) - Polygon([(0, 0), (2, 0), (2, -2), (0, -2)])
problem = Problem(u(x, y), plate, name="aniso-reaction-threequarter")
problem.equation("pde", sp.Eq(operator(u(x, y)), f))
n = plate.normal
eps = 1e-9
insulated = sp.And(x > -eps, x < eps, y < eps)  # the edge x = 0, -1 < y < 0
conormal_u = n[0] * 2 * u(x, y).diff(x) + n[1] * u(x, y).diff(y)
problem.condition("insulated", sp.Eq(conormal_u, 0), on=plate.boundary.where(insulated))
problem.condition("held", sp.Eq(u(x, y), exact), on=plate.boundary.where(sp.Not(insulated)))
problem.exact(exact)
