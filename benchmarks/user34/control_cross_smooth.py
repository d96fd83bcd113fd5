"""A control: reaction-diffusion with a smooth exact solution on a cross-shaped (plus-shaped)
plate with four re-entrant corners, held at the ends of its arms and with a prescribed flux
through its long sides. Same kind of domain as the singular problems, no singularity: the
corners' singular functions have zero coefficient here.

    -(u_xx + u_yy) + 4 u = f    on the plus  |x| < 3/10 or |y| < 3/10  within [-1, 1]^2
    u = exact                   on the four arm ends x = +-1, y = +-1
    du/dn = n . grad exact      on the eight sides of the arms

Exact solution: an off-centre Gaussian bump,

    u = exp(-4 ((x - 1/5)^2 + (y + 1/10)^2)),   f = -Delta u + 4 u.

The flux data are written through the plate's outward normal (plate.normal), n . grad u.

Well posed: -Delta + 4 is coercive; Dirichlet data at the arm ends and Neumann data on the
sides (even Neumann data alone would fix u, the reaction term removes the constant).

Hard: nothing at the corners, which is the point: it measures what the basis does on this
non-convex shape when the solution is smooth (the bump has a width of 1/2 and sits off
the centre, across two re-entrant corners), to compare with the singular problems. Its source
is not a sum of exponentials of linear forms, so no particular solution can take it whole.
"""

import sympy as sp

from pinnls import Polygon, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")

exact = sp.exp(-4 * ((x - sp.Rational(1, 5)) ** 2 + (y + sp.Rational(1, 10)) ** 2))
source = -(exact.diff(x, 2) + exact.diff(y, 2)) + 4 * exact

w = sp.Rational(3, 10)
plate = Polygon(
    [
        (w, -1), (w, -w), (1, -w), (1, w), (w, w), (w, 1),
        (-w, 1), (-w, w), (-1, w), (-1, -w), (-w, -w), (-w, -1),
    ]
)  # fmt: skip
n = plate.normal
problem = Problem(u(x, y), plate, name="control-cross-smooth")
lap = u(x, y).diff(x, 2) + u(x, y).diff(y, 2)
problem.equation("pde", sp.Eq(-lap + 4 * u(x, y), source))
eps = 1e-9
ends = sp.Or(x < -1 + eps, x > 1 - eps, y < -1 + eps, y > 1 - eps)
flux = n[0] * u(x, y).diff(x) + n[1] * u(x, y).diff(y)
problem.condition("ends", sp.Eq(u(x, y), exact), on=plate.boundary.where(ends))
problem.condition(
    "sides",
    sp.Eq(flux, n[0] * exact.diff(x) + n[1] * exact.diff(y)),
    on=plate.boundary.where(sp.Not(ends)),
)
problem.exact(exact)
