"""Time-harmonic waves in an L-shaped cavity, -(u_xx + u_yy) - k^2 u = 0, the notch's two edges
sound-soft (u = 0): the Helmholtz corner wave that the re-entrant corner scatters.

    -(u_xx + u_yy) - k^2 u = 0   in (-1, 1)^2 minus [0, 1] x [-1, 0],  k = 6 (a parameter)
    u = 0                        on the notch's edges y = 0, 0 < x < 1 and x = 0, -1 < y < 0
    u = exact                    on the four outer edges

Exact solution: in polar coordinates (r, theta) about the corner (0, 0), J_nu(k r) sin(nu theta)
solves Helmholtz for any nu (Bessel's equation), and nu = pi / alpha = 2/3 for the interior angle
alpha = 3 pi / 2 makes it vanish on both notch edges:

    u = J_(2/3)(k r) sin(2 theta / 3),

theta in [0, 3 pi / 2] counter-clockwise from the edge going right (y = 0, x > 0) to the edge
going down (x = 0, y < 0); theta = 3 pi / 4 + atan2(-x - y, y - x), whose branch cut lies along
the ray of angle 7 pi / 4, inside the missing quarter. J_(2/3)(z) ~ (z/2)^(2/3) / Gamma(5/3) near
0, so u ~ r^(2/3) sin(2 theta / 3) at the corner. |u| <= 1 (J_nu is scipy's jv).

Well posed: k^2 = 36 is not a Dirichlet eigenvalue of this L-shape; it lies between the fifth
and the sixth, 31.91 and 41.47 (a five-point finite-difference computation at h = 1/80 gave
31.919 and 41.468, matching the published 31.9126 and 41.4745), so the Dirichlet problem has a
unique solution. A k whose square is near an eigenvalue (k = 7: 49 against 49.348) makes the
problem nearly singular: keep k^2 away from them when changing k.

Hard: the gradient is unbounded at the corner (~ r^(-1/3)) while the solution also oscillates,
kr reaching 8.5 at the far corners (1.35 wavelengths from the re-entrant corner): a basis needs
both the corner's singular function and waves; plane waves alone (which solve the equation)
converge slowly to the corner's r^(2/3).
"""

import sympy as sp

from pinnls import Polygon, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
k = sp.Symbol("k")

r = sp.sqrt(x**2 + y**2)
theta = 3 * sp.pi / 4 + sp.atan2(-x - y, y - x)  # in [0, 3 pi / 2] in the cavity
lam = sp.Rational(2, 3)
exact = sp.besselj(lam, k * r) * sp.sin(lam * theta)

cavity = Polygon([(-1, -1), (0, -1), (0, 0), (1, 0), (1, 1), (-1, 1)])
problem = Problem(u(x, y), cavity, name="helmholtz-lshape-corner", parameters={"k": 6.0})
lap = u(x, y).diff(x, 2) + u(x, y).diff(y, 2)
problem.equation("pde", sp.Eq(-lap - k**2 * u(x, y), 0))
eps = 1e-9
notch = sp.And(x > -eps, y < eps)  # the edges y = 0, x > 0 and x = 0, y < 0
problem.condition("notch", sp.Eq(u(x, y), 0), on=cavity.boundary.where(notch))
problem.condition("outer", sp.Eq(u(x, y), exact), on=cavity.boundary.where(sp.Not(notch)))
problem.exact(exact)
