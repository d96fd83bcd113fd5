"""-Δu + 4u = f on a 60-degree triangle, held at 0 on its bottom edge and near 1 on the edge that
meets it at the origin: Dirichlet data that jump at a corner that is not a right angle.

Domain: Polygon([(0, 0), (1, 0), (0.5, 0.866)]) (0.866 = sqrt(3)/2 to 16 digits): an
equilateral triangle, the corner at the origin of angle α = π/3.

Conditions (all Dirichlet):
    bottom edge y = 0:             u = 0
    left edge y = sqrt(3) x, y > 0: u = 1 - (x^2 + y^2) / 4
    right edge:                    u = exact
The bottom and left data disagree at (0, 0): 0 on one side, 1 on the other. At the two other
vertices the data agree.

Exact solution:
    u = (3ψ/π) (1 - r^2/4),   ψ = atan2(y, x) in [0, π/3],   f = (3ψ/π) (5 - r^2).
ψ is harmonic and its gradient is orthogonal to that of any radial function, so
Δ(ψ h(r)) = ψ Δh; with h = 1 - r^2/4, Δh = -1 and -Δu + 4u = (3ψ/π)(1 + 4h). The source is
computed from the exact solution: bounded, and discontinuous only at the origin.

Why it is well posed: a reaction-diffusion equation with a positive reaction coefficient and
bounded Dirichlet data on the whole boundary: the maximum principle gives a unique bounded
solution, which takes every value between 0 and 1 along the rays into the corner.

What makes it hard: u is discontinuous at the corner (0, 0), its gradient ~ 1/r there; a
smooth basis cannot fit it and converges slowly, only in L2. The angle ψ (scaled by 3/π so
that it steps from 0 to 1 across the 60-degree corner) times a smooth function is the missing
piece.
"""

import sympy as sp

from pinnls import Polygon, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")

psi = sp.atan2(y, x)
h = 1 - (x**2 + y**2) / 4
exact = 3 * psi / sp.pi * h
source = 3 * psi / sp.pi * (5 - x**2 - y**2)

s3 = 0.8660254037844386  # sqrt(3) / 2
plate = Polygon([(0, 0), (1, 0), (0.5, s3)])
bottom = y < 1e-9
left = sp.And(y > 1e-9, sp.sqrt(3) * x - y < 1e-9)  # the edge from (0, 0) to (0.5, sqrt(3)/2)
right = sp.sqrt(3) * x + y > sp.sqrt(3) - 1e-9  # the edge from (1, 0) to (0.5, sqrt(3)/2)

problem = Problem(u(x, y), plate, name="reaction-triangle-jump")
laplacian = u(x, y).diff(x, 2) + u(x, y).diff(y, 2)
problem.equation("pde", sp.Eq(-laplacian + 4 * u(x, y), source))
problem.condition("cold", sp.Eq(u(x, y), 0), on=plate.boundary.where(bottom))
problem.condition("hot", sp.Eq(u(x, y), h), on=plate.boundary.where(left))
problem.condition("far", sp.Eq(u(x, y), exact), on=plate.boundary.where(right))
problem.exact(exact)
