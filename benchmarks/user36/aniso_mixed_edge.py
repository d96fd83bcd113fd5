"""u_xx + 4 u_yy = 0 on a pentagon: anisotropic conduction (four times stronger along y), the
value held on the left half of the bottom edge and the flux prescribed on its right half.

Domain: Polygon([(-1, 0), (1, 0), (1, 0.5), (0, 1), (-1, 1)]): a rectangle with its upper
right corner cut off.

Conditions:
    bottom edge, x > 0 (y = 0): u_y = x / 2      (a face derivative: the prescribed flux)
    the rest of the boundary:   u = exact        (u = 0 on the bottom edge for x <= 0)

The condition changes type at (0, 0), in the middle of the straight bottom edge.

Exact solution:
    u = Re sqrt(x + i y/2) + x y / 2 = sqrt((ρ + x) / 2) + x y / 2,   ρ = sqrt(x^2 + y^2 / 4).
In the stretched coordinate Y = y / 2 the operator is the Laplacian in (x, Y), and
Re sqrt(x + iY) is harmonic, zero on the negative x axis and of zero Y-derivative on the
positive one; x y is annihilated by the operator (u_xx = u_yy = 0) and carries the nonzero flux
data x/2 on the right half of the edge and zero value on its left half.

Why it is well posed: the operator is uniformly elliptic (diffusion tensor diag(1, 4)); the
value is held on a part of the boundary of positive length and the (conormal) flux, 4 u_y here
since the edge is normal to y, on the rest; a mixed problem with a unique solution of finite
energy, and this one has finite energy (gradient ~ ρ^(-1/2)).

What makes it hard: the gradient is unbounded at (0, 0), like ρ^(-1/2), in the anisotropic
distance ρ: the singular functions are r^(j + 1/2) cos((j + 1/2) θ) of the stretched frame
(x, y/2), not of (x, y). Elsewhere the solution is smooth, and the slanted edge's vertices join
held edges only.
"""

import sympy as sp

from pinnls import Polygon, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")

rho = sp.sqrt(x**2 + y**2 / 4)
exact = sp.sqrt((rho + x) / 2) + x * y / 2

plate = Polygon([(-1, 0), (1, 0), (1, 0.5), (0, 1), (-1, 1)])
flux_part = sp.And(y < 1e-9, x > 0)  # the right half of the bottom edge

problem = Problem(u(x, y), plate, name="aniso-mixed-edge")
problem.equation("pde", sp.Eq(u(x, y).diff(x, 2) + 4 * u(x, y).diff(y, 2), 0))
problem.condition("flux", sp.Eq(u(x, y).diff(y), x / 2), on=plate.boundary.where(flux_part))
problem.condition("held", sp.Eq(u(x, y), exact), on=plate.boundary.where(sp.Not(flux_part)))
problem.exact(exact)
