"""u_t = Δu + f on a pentagon times [0, 1]: a plate with a 120-degree corner at the origin, held
on one edge of the corner and insulated on the other.

Domain: Polygon([(0, 0), (1, 0), (1, 1.366), (0.366, 1.366), (-0.5, 0.866)]) * Box(t=(0, 1))
(0.366 = sqrt(3)/2 - 1/2, 0.866 = sqrt(3)/2, 1.366 = sqrt(3)/2 + 1/2, written to 16 digits).
The edges at the origin run along θ = 0 (to (1, 0)) and θ = 2π/3 (to (-0.5, 0.866)): a convex
corner of angle α = 2π/3. The insulated edge meets the next (held) edge at a right angle.

Conditions:
    edge sqrt(3) x + y = 0 (θ = 2π/3): n · ∇u = 0        (insulated)
    the rest of the boundary:          u = exact         (u = 0 on the bottom edge)
    initial t = 0:                     u = r^(3/4) sin(3θ/4) / 2

The condition changes from a value held to a flux at the corner (0, 0), whose angle is 120
degrees, at every time.

Exact solution:
    u = (1 + t) r^(3/4) sin(3θ/4) / 2,   f = u_t - Δu = r^(3/4) sin(3θ/4) / 2,
with r, θ the polar coordinates at the origin. r^λ sin(λθ) is harmonic; λ = π/(2α) = 3/4
makes it vanish on θ = 0 and its normal derivative, r^(λ-1) λ cos(λθ), vanish on θ = 2π/3.
The source is computed from the exact solution (bounded and continuous, itself ~ r^(3/4)).

Why it is well posed: the heat equation with a bounded source, the value held on part of the
lateral boundary and zero flux on the rest, and an initial state that agrees with both: a
mixed parabolic problem with a unique solution of finite energy.

What makes it hard: u ~ r^(3/4) at the corner for every t, its gradient unbounded there
(~ r^(-1/4)), although the corner is convex: with the value held on both edges it would be
~ r^(3/2). A smooth basis in space and time converges slowly; r^(3/4) sin(3θ/4) times
functions of t fits it.
"""

import sympy as sp

from pinnls import Box, Polygon, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

r = sp.sqrt(x**2 + y**2)
theta = sp.atan2(y, x)
lam = sp.Rational(3, 4)
steady = r**lam * sp.sin(lam * theta) / 2
exact = (1 + t) * steady

s3 = 0.8660254037844386  # sqrt(3) / 2
plate = Polygon([(0, 0), (1, 0), (1, s3 + 0.5), (s3 - 0.5, s3 + 0.5), (-0.5, s3)])
domain = plate * Box(t=(0, 1))
n = plate.normal
insulated = sp.sqrt(3) * x + y < 1e-9  # the edge from (0, 0) to (-0.5, sqrt(3)/2)

problem = Problem(u(x, y, t), domain, name="heat-wedge-insulated")
laplacian = u(x, y, t).diff(x, 2) + u(x, y, t).diff(y, 2)
problem.equation("pde", sp.Eq(u(x, y, t).diff(t), laplacian + steady))
problem.condition("initial", sp.Eq(u(x, y, 0), steady))
flux = n[0] * u(x, y, t).diff(x) + n[1] * u(x, y, t).diff(y)
problem.condition("insulated", sp.Eq(flux, 0), on=domain.boundary.where(insulated))
problem.condition("held", sp.Eq(u(x, y, t), exact), on=domain.boundary.where(sp.Not(insulated)))
problem.exact(exact)
