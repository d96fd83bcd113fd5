"""-Δu + u_x + u_y / 2 = 0 on a pentagon with a 135-degree corner at the origin: the value held
on the bottom edge, a Robin (convective) condition on the slanted edge that meets it there.

Domain: Polygon([(0, 0), (1, 0), (1, 1), (0, 1), (-0.5, 0.5)]). The edges from the origin run
along θ = 0 (to (1, 0)) and θ = 3π/4 (to (-0.5, 0.5)): a convex corner of angle α = 3π/4.

Conditions:
    slanted edge x + y = 0:  n · ∇u + (3 / (4 sqrt 2)) u = 0   (n = -(1, 1)/sqrt 2, outward)
    the rest of the boundary: u = exact (u = 0 on the bottom edge y = 0)

The condition changes from a value held (bottom edge) to a flux condition (slanted edge) at
the corner (0, 0), whose angle is not 90 degrees. The other vertices join edges of the same
kind (value beside value) or, at (-0.5, 0.5), the Robin edge and a held one at a right angle.

Exact solution (no source): with the drift v = (1, 1/2) and g = v / 2 = (1/2, 1/4),
    u = (3/2) exp(x/2 + y/4) I_(2/3)(κ r) sin(2θ/3),   κ = |g| = sqrt(5)/4,
r, θ the polar coordinates at the origin. u = exp(g · x) w turns the equation into
Δw = κ^2 w, which I_λ(κ r) sin(λθ) solves; λ = π / (2α) = 2/3 makes w vanish on θ = 0 and
∂w/∂θ vanish on θ = α, so on the slanted edge ∂u/∂n = (g · n) u = -(3 / (4 sqrt 2)) u: the Robin
condition above, with a constant coefficient.

Why it is well posed: multiply the homogeneous problem by u and integrate. With div v = 0,
∫ (v · ∇u) u = ∫_boundary (v · n) u^2 / 2, and on the slanted edge (where the flow enters,
v · n = -3 / (2 sqrt 2)) the Robin term ∫ β u^2, β = 3 / (4 sqrt 2), cancels it exactly, so
∫ |∇u|^2 = 0 and u = 0 (it vanishes on the held part). The energy form is coercive on
functions that vanish on the held part, and the solution is unique.

What makes it hard: u ~ r^(2/3) at the origin, so its gradient is unbounded there
(~ r^(-1/3)); the corner is convex, so the singularity comes from the change of condition
alone (with the value held on both edges u would be ~ r^(4/3) there). The drift bends the
corner function: the exact corner behaviour is a Bessel function times exp(g · x), not a
plain power.
"""

import sympy as sp

from pinnls import Polygon, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")

r = sp.sqrt(x**2 + y**2)
theta = sp.atan2(y, x)
lam = sp.Rational(2, 3)
kappa = sp.sqrt(5) / 4
exact = sp.Rational(3, 2) * sp.exp(x / 2 + y / 4) * sp.besseli(lam, kappa * r) * sp.sin(lam * theta)

plate = Polygon([(0, 0), (1, 0), (1, 1), (0, 1), (-0.5, 0.5)])
n = plate.normal
slanted = x + y < 1e-9  # the edge from (0, 0) to (-0.5, 0.5)

problem = Problem(u(x, y), plate, name="advdiff-wedge-robin")
laplacian = u(x, y).diff(x, 2) + u(x, y).diff(y, 2)
problem.equation("pde", sp.Eq(-laplacian + u(x, y).diff(x) + u(x, y).diff(y) / 2, 0))
flux = n[0] * u(x, y).diff(x) + n[1] * u(x, y).diff(y)
robin = flux + 3 / (4 * sp.sqrt(2)) * u(x, y)
problem.condition("convective", sp.Eq(robin, 0), on=plate.boundary.where(slanted))
problem.condition("held", sp.Eq(u(x, y), exact), on=plate.boundary.where(sp.Not(slanted)))
problem.exact(exact)
