"""Steady temperature in the insulation around an off-centre pipe: Laplace's equation on an
eccentric annulus, the outer surface held at a measured temperature and the pipe's wall exchanging
heat with the fluid inside through a film coefficient (a Robin condition).

    u_xx + u_yy = 0         on the unit disk minus the disk of radius a = 3/10
                            about c = (1/4, -3/20)
    u = exact               on the outer circle x^2 + y^2 = 1
    du/dn + h u = g         on the pipe's wall |(x, y) - c| = a, h = 2, n the outward normal of
                            the annulus (pointing into the pipe)

Exact solution: harmonic parts singular at the pipe's centre, a line source, a dipole and a
quadrupole, plus a smooth harmonic:

    u = 1 - ln(rho / a) / 2 + X / (50 rho^2) + (X^2 - Y^2) / (100 rho^4) + x y / 10,

with (X, Y) = (x, y) - c and rho = |(X, Y)|; X / rho^2 = cos(phi) / rho and
(X^2 - Y^2) / rho^4 = cos(2 phi) / rho^2. On the wall rho = a, n = -(X, Y) / a and
du/dn = -(X u_x + Y u_y) / a, so

    g = 1/(2a) + X/(50 a^3) + (X^2 - Y^2)/(50 a^5) - (X y + Y x)/(10 a)
        + h (1 + X/(50 a^2) + (X^2 - Y^2)/(100 a^4) + x y / 10).

Well posed: Laplace's equation with Dirichlet data on the outer circle and a Robin condition of
positive coefficient h on the inner one (the energy |grad u|^2 + h u^2 on the wall is coercive).

Hard: the centre of the singular parts lies 0.3 from the wall, and the dipole and quadrupole
are strongest where the gap between the pipe and the outer circle is narrowest (0.41 wide to
the lower right, against 0.99 to the upper left); a smooth basis on the bounding box must
approximate
ln rho, cos(phi)/rho and cos(2 phi)/rho^2 from outside their pole.
"""

import sympy as sp

from pinnls import Disk, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")

a = sp.Rational(3, 10)
cx, cy = sp.Rational(1, 4), -sp.Rational(3, 20)
h = 2
X, Y = x - cx, y - cy
rho2 = X**2 + Y**2
exact = 1 - sp.log(rho2 / a**2) / 4 + X / (50 * rho2) + (X**2 - Y**2) / (100 * rho2**2) + x * y / 10
g = (
    1 / (2 * a)
    + X / (50 * a**3)
    + (X**2 - Y**2) / (50 * a**5)
    - (X * y + Y * x) / (10 * a)
    + h * (1 + X / (50 * a**2) + (X**2 - Y**2) / (100 * a**4) + x * y / 10)
)

insulation = Disk(center=(0, 0), radius=1) - Disk(center=(cx, cy), radius=a)
n = insulation.normal
problem = Problem(u(x, y), insulation, name="pipe-eccentric-robin")
problem.equation("pde", sp.Eq(u(x, y).diff(x, 2) + u(x, y).diff(y, 2), 0))
wall = rho2 < (a + sp.Rational(1, 100)) ** 2  # the pipe's wall (the outer circle is far away)
problem.condition("outer", sp.Eq(u(x, y), exact), on=insulation.boundary.where(sp.Not(wall)))
flux = n[0] * u(x, y).diff(x) + n[1] * u(x, y).diff(y)
problem.condition("wall", sp.Eq(flux + h * u(x, y), g), on=insulation.boundary.where(wall))
problem.exact(exact)
