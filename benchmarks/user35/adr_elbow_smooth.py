"""A control: advection-diffusion-reaction in an L-shaped elbow with a smooth manufactured
solution, so that the re-entrant corner is NOT singular for it; the notch's two walls exchange
with the surroundings through a Robin condition.

    -nu (u_xx + u_yy) + u_x + u_y / 2 + c u = f
                 in the square (0, 2)^2 minus its upper left quarter [0, 1] x [1, 2],
                 nu = 1/10, c = 2 (parameters), a = (1, 1/2)
    nu du/dn + u = g   on the notch's walls x = 1, 1 < y < 2 and y = 1, 0 < x < 1
                       (n the outward normal, into the missing quarter)
    u = exact          on the outer edges (zero on x = 0, x = 2 and y = 0)

Exact solution (manufactured): u = exp(x/2 - y/4) sin(pi x / 2) sin(3 pi y / 4), analytic
everywhere; f and g are computed from it by sympy. |u| < 1.5.

Well posed: the bilinear form is coercive. With v = 0 on the outer edges, B(v, v) =
nu |grad v|^2 + (c - div(a) / 2) |v|^2 + int over the walls of (1 + a . n / 2) v^2, and here
div a = 0, c = 2 > 0, and a . n = -1 on the wall x = 1 (n = (-1, 0), inflow) and +1/2 on the
wall y = 1 (n = (0, 1), outflow), so 1 + a . n / 2 is 1/2 and 5/4, both positive (Lax-Milgram).

Hard: nothing at the corner, by design. The solution is analytic, so its corner coefficients
(r^(2/3) cos(2 theta / 3), ...) vanish: singular functions added at (1, 1) should not help, and
a solver that adds them anyway should not lose accuracy. Note that f is built of exponentials
times sines, so pinnls's particular solution (docs/guide.md) may reproduce u exactly; run with
--no-particular to measure the basis itself.
"""

import sympy as sp

from pinnls import Polygon, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
nu, c = sp.symbols("nu c")

ax, ay = 1, sp.Rational(1, 2)
exact = sp.exp(x / 2 - y / 4) * sp.sin(sp.pi * x / 2) * sp.sin(3 * sp.pi * y / 4)


def operator(v):
    """-nu lap v + a . grad v + c v."""
    return -nu * (v.diff(x, 2) + v.diff(y, 2)) + ax * v.diff(x) + ay * v.diff(y) + c * v


elbow = Polygon([(0, 0), (2, 0), (2, 2), (1, 2), (1, 1), (0, 1)])
problem = Problem(u(x, y), elbow, name="adr-elbow-smooth", parameters={"nu": 0.1, "c": 2.0})
problem.equation("pde", sp.Eq(operator(u(x, y)), operator(exact)))
n = elbow.normal
eps = 1e-9
walls = sp.And(x < 1 + eps, y > 1 - eps)  # the edges x = 1, y > 1 and y = 1, x < 1
robin_u = nu * (n[0] * u(x, y).diff(x) + n[1] * u(x, y).diff(y)) + u(x, y)
robin_exact = nu * (n[0] * exact.diff(x) + n[1] * exact.diff(y)) + exact
problem.condition("walls", sp.Eq(robin_u, robin_exact), on=elbow.boundary.where(walls))
problem.condition("outer", sp.Eq(u(x, y), exact), on=elbow.boundary.where(sp.Not(walls)))
problem.exact(exact)
