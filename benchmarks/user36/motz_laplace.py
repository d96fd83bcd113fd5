"""Δu = 0 on the rectangle [-1, 1] x [0, 1] (a Polygon), held on the left half of the bottom
edge and insulated on its right half: the Motz problem's mixed edge.

Domain: Polygon([(-1, 0), (1, 0), (1, 1), (-1, 1)]).

Conditions:
    bottom edge, x > 0 (y = 0): n · ∇u = 0 (insulated; n the outward normal, so -u_y = 0)
    the rest of the boundary:   u = exact (u = x^2/4 on the bottom edge for x <= 0)

The condition changes type at (0, 0), in the middle of a straight edge: the value is held on
one side of it and the flux on the other.

Exact solution:
    u = Re sqrt(x + i y) + (x^2 - y^2) / 4 = sqrt((r + x) / 2) + (x^2 - y^2) / 4,
with r = sqrt(x^2 + y^2).
sqrt((r + x)/2) = r^(1/2) cos(θ/2) is harmonic; it vanishes on the negative x axis (θ = π) and
its y-derivative, r^(-1/2) sin(θ/2) / 2, vanishes on the positive x axis (θ = 0). The
quadratic is harmonic, zero-flux across y = 0, and equal to x^2/4 there.

Why it is well posed: Laplace's equation with the value held on a part of the boundary of
positive length and the normal flux on the rest (a mixed problem): the solution of finite
energy is unique, and this one has finite energy (its gradient is ~ r^(-1/2), square
integrable).

What makes it hard: the gradient is unbounded at (0, 0), like r^(-1/2), although the edge is
straight and the data are smooth (zero) on both sides. A smooth basis converges slowly near
the point where the condition changes; the functions r^(j + 1/2) cos((j + 1/2) θ) fit it.
"""

import sympy as sp

from pinnls import Polygon, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")

r = sp.sqrt(x**2 + y**2)
exact = sp.sqrt((r + x) / 2) + (x**2 - y**2) / 4

plate = Polygon([(-1, 0), (1, 0), (1, 1), (-1, 1)])
n = plate.normal
insulated = sp.And(y < 1e-9, x > 0)  # the right half of the bottom edge

problem = Problem(u(x, y), plate, name="motz-laplace")
problem.equation("pde", sp.Eq(u(x, y).diff(x, 2) + u(x, y).diff(y, 2), 0))
flux = n[0] * u(x, y).diff(x) + n[1] * u(x, y).diff(y)
problem.condition("insulated", sp.Eq(flux, 0), on=plate.boundary.where(insulated))
problem.condition("held", sp.Eq(u(x, y), exact), on=plate.boundary.where(sp.Not(insulated)))
problem.exact(exact)
