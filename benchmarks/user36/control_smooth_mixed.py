"""-Δu = f on a trapezoid whose condition changes type twice, with a SMOOTH exact solution: a
control on which singular functions should not help.

Domain: Polygon([(-1, 0), (1, 0), (0.6, 1), (-1, 1)]): the right edge slants, from (1, 0) to
(0.6, 1) (the line x + 0.4 y = 1), meeting the top edge at about 112 degrees.

Conditions:
    bottom edge, x > 0 (y = 0): n · ∇u = -cos(πx/3) / 2           (a prescribed flux)
    slanted edge:               n · ∇u + u = (n · ∇u + u)[exact]  (Robin, n the outward normal)
    left and top edges, and the bottom edge for x <= 0: u = exact (Dirichlet)

The condition changes from held value to flux at (0, 0), in the middle of the bottom edge,
and from Robin to held value at (0.6, 1), a corner of about 112 degrees. Generic data would
make the solution singular at both points (r^(1/2) at (0, 0), r^(π/(2α)) at (0.6, 1)); these
data are those of a smooth function, so every singular coefficient is zero.

Exact solution:
    u = cos(πx/3) exp(y/2) + 0.3 x^2,   f = -Δu = (π^2/9 - 1/4) cos(πx/3) exp(y/2) - 0.6.

Why it is well posed: Poisson's equation with the value held on part of the boundary of
positive length, a flux on another part and a Robin condition of positive coefficient on the
rest: a mixed problem whose energy form is coercive, with a unique solution.

What makes it hard: nothing singular; it is smooth up to the boundary. It checks that a
solver which adds singular functions where the condition changes does not lose accuracy on a
solution that does not need them (pinnls's check names both points as changes of condition).
"""

import sympy as sp

from pinnls import Polygon, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")

exact = sp.cos(sp.pi * x / 3) * sp.exp(y / 2) + sp.Rational(3, 10) * x**2
source = -(exact.diff(x, 2) + exact.diff(y, 2))

plate = Polygon([(-1, 0), (1, 0), (0.6, 1), (-1, 1)])
n = plate.normal
flux_part = sp.And(y < 1e-9, x > 0)  # the right half of the bottom edge
slanted = x + 0.4 * y > 1 - 1e-9  # the edge from (1, 0) to (0.6, 1)

problem = Problem(u(x, y), plate, name="control-smooth-mixed")
problem.equation("pde", sp.Eq(-u(x, y).diff(x, 2) - u(x, y).diff(y, 2), source))
flux = n[0] * u(x, y).diff(x) + n[1] * u(x, y).diff(y)
exact_flux = n[0] * exact.diff(x) + n[1] * exact.diff(y)
problem.condition("flux", sp.Eq(flux, exact_flux), on=plate.boundary.where(flux_part))
problem.condition(
    "robin", sp.Eq(flux + u(x, y), exact_flux + exact), on=plate.boundary.where(slanted)
)
held = sp.Not(sp.Or(flux_part, slanted))
problem.condition("held", sp.Eq(u(x, y), exact), on=plate.boundary.where(held))
problem.exact(exact)
