"""Acoustic pressure in a "pacman" resonator, the unit disk with a 60-degree mouth cut out of it,
-(u_xx + u_yy) - k^2 u = 0, with sound-hard mouth walls (du/dn = 0) and a locally reacting
(Robin) wall on the arc: a Neumann corner of 300 degrees inside a time-harmonic field.

    -(u_xx + u_yy) - k^2 u = 0   in the unit disk about (0, 0) minus the sector |theta_0| < 30
                                 degrees (theta_0 the usual polar angle), k = 13/2 (a parameter)
    du/dn = 0                    on the mouth's two walls, from (0, 0) at +-30 degrees
    du/dn + beta u = g           on the arc r = 1, beta = 2 (a parameter), n the outward normal

Exact solution: the first two Neumann-Neumann modes of the sector, J_nu(k r) cos(nu theta) with
nu = j pi / alpha, alpha = 5 pi / 3, j = 0 and 1:

    u = J_0(k r) + J_(3/5)(k r) cos(3 theta / 5),

(r, theta) polar about the tip, theta in [0, 5 pi / 3] counter-clockwise from the upper wall
(30 degrees) round to the lower wall (330 degrees); theta = 5 pi / 6 + atan2(-y, -x), whose
branch cut lies along the positive x axis, inside the mouth. Both terms solve Helmholtz
(Bessel's equation) and have d/dtheta = 0 on both walls (sin(3 alpha / 5) = sin(pi) = 0);
g = du/dn + beta u on the arc is computed by sympy with the normal's symbols.
J_(3/5)(z) ~ (z/2)^(3/5) / Gamma(8/5) near 0, so u - J_0 ~ r^(3/5) at the tip. |u| < 1.5
(J_nu is scipy's jv).

Well posed: k^2 is not an eigenvalue of -Delta with these conditions. Those eigenfunctions are
J_nu(s r) cos(nu theta), nu = 3 j / 5, with s J_nu'(s) + beta J_nu(s) = 0 at r = 1; at
beta = 2 the roots s nearest k = 6.5 are 6.194 (nu = 4.2) and 6.755 (nu = 1.8) (scipy's jv,
jvp and brentq over nu = 0, 0.6, ..., 23.4), so k^2 = 42.25 lies between the eigenvalues
38.37 and 45.63. The spectrum is dense here (neighbouring roots are 0.01 to 0.6 apart): another k or
beta may sit on an eigenvalue, so recheck when changing them.

Hard: the gradient is unbounded at the tip (~ r^(-2/5)) while u oscillates with about one
wavelength across the radius; no Dirichlet condition anywhere (fluxes on the walls, a Robin
condition on the arc), and the problem is
indefinite (a Helmholtz operator near resonances), so a least-squares fit's error can be much
larger than its residual.
"""

import sympy as sp

from pinnls import Disk, Polygon, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
k, beta = sp.symbols("k beta")

r = sp.sqrt(x**2 + y**2)
theta = 5 * sp.pi / 6 + sp.atan2(-y, -x)  # in [0, 5 pi / 3] in the resonator
lam = sp.Rational(3, 5)
exact = sp.besselj(0, k * r) + sp.besselj(lam, k * r) * sp.cos(lam * theta)

s3 = float(sp.sqrt(3))
mouth = Polygon([(0, 0), (1.5, -1.5 / s3), (1.5, 1.5 / s3)])  # the 60-degree wedge
resonator = Disk(center=(0, 0), radius=1) - mouth
problem = Problem(
    u(x, y), resonator, name="helmholtz-pacman-robin", parameters={"k": 6.5, "beta": 2.0}
)
lap = u(x, y).diff(x, 2) + u(x, y).diff(y, 2)
problem.equation("pde", sp.Eq(-lap - k**2 * u(x, y), 0))
n = resonator.normal
walls = x**2 + y**2 < 1 - 1e-9  # the straight walls: boundary points inside the unit circle
dudn = n[0] * u(x, y).diff(x) + n[1] * u(x, y).diff(y)
g = n[0] * exact.diff(x) + n[1] * exact.diff(y) + beta * exact
problem.condition("walls", sp.Eq(dudn, 0), on=resonator.boundary.where(walls))
problem.condition(
    "arc", sp.Eq(dudn + beta * u(x, y), g), on=resonator.boundary.where(sp.Not(walls))
)
problem.exact(exact)
