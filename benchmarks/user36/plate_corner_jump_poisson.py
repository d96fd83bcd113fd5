"""-Δu = y on the unit square, a plate held at 1 on its top edge and at 0 on its left edge.

Domain: the box [0, 1] x [0, 1], every condition on a whole face.

Conditions (all Dirichlet):
    left   x = 0: u = 0
    top    y = 1: u = 1 + x (1 - x) / 2
    bottom y = 0: u = (2/π) atan(x)
    right  x = 1: u = (2/π) atan2(1, 1 - y)

The left and top data disagree at the corner (0, 1): 0 on one side, 1 on the other. Nothing
else changes; the data on the bottom and right faces are the exact solution's values there.

Exact solution:
    u = (2/π) ψ + x (1 - x) y / 2,   ψ = atan2(x, 1 - y),
ψ is the angle at the corner (0, 1) measured from the left face (ψ = 0) to the top face
(ψ = π/2). It is harmonic, so -Δu = -Δ(x (1 - x) y / 2) = y.

Why it is well posed: Poisson's equation with Dirichlet data on the whole boundary; the data
are bounded and piecewise smooth, so the solution is the unique bounded one (the maximum
principle), and at the jump it takes every value between 0 and 1 along the rays into the
corner.

What makes it hard: u is discontinuous at the corner (0, 1), where its value depends on the
direction of approach, and its gradient grows like 1/r there. A smooth basis rings along the
two faces near the corner and converges slowly (only in L2; the max error never falls below
1/2). The angle ψ itself is the missing function.
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")

psi = sp.atan2(x, 1 - y)  # the angle at the corner (0, 1)
exact = 2 * psi / sp.pi + x * (1 - x) * y / 2

domain = Box(x=(0, 1), y=(0, 1))
problem = Problem(u(x, y), domain, name="plate-corner-jump-poisson")
problem.equation("pde", sp.Eq(-u(x, y).diff(x, 2) - u(x, y).diff(y, 2), y))
problem.condition("left", sp.Eq(u(0, y), 0))
problem.condition("top", sp.Eq(u(x, 1), 1 + x * (1 - x) / 2))
problem.condition("bottom", sp.Eq(u(x, 0), 2 * sp.atan(x) / sp.pi))
problem.condition("right", sp.Eq(u(1, y), 2 * sp.atan2(1, 1 - y) / sp.pi))
problem.exact(exact)
