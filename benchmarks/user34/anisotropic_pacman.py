"""Steady heat conduction in an orthotropic plate (conductivity 1 along x, 4 along y) shaped
like a square with a right-angled mouth cut into its right side: an anisotropic diffusion on a
non-convex polygon, whose corner singularity is set by the angle in the stretched frame, not the
drawn one.

    u_xx + 4 u_yy = 0   in the polygon (-1,-1), (1,-1), (0,0), (1,1), (-1,1)
    u = e^x cos(y/2)    on the mouth's edges y = x and y = -x, 0 < x < 1
    u = exact           on the outer edges

The mouth is the triangle (0,0), (1,-1), (1,1); the drawn interior angle at (0, 0) is
3 pi / 2. In the coordinates X = x, Y = y / 2 the operator is the Laplacian and the mouth's
edges run along (1, +-1/2), so the interior angle there is alpha = 2 pi - 2 atan(1/2)
(306.9 degrees, not 270).

Exact solution: the leading Dirichlet corner term in the stretched frame plus a smooth solution,

    u = R^lam sin(lam Theta) + e^x cos(y / 2),   lam = pi / alpha = 0.5866...,

R = sqrt(x^2 + y^2 / 4), Theta = atan2(-y/2, -x) + pi - atan(1/2) in [0, alpha], measured
counter-clockwise from the upper edge of the mouth (atan2(-Y, -X) + pi lies in (0, 2 pi] with
its branch cut along the positive x axis, inside the mouth). R^lam sin(lam Theta) is harmonic in
(X, Y), hence solves u_xx + 4 u_yy = 0, and vanishes on both edges of the mouth;
e^x cos(y/2) solves it too (1 - 4/4 = 0).

Well posed: an elliptic operator (diag(1, 4) positive definite) with Dirichlet data on the
whole boundary.

Hard: grad u ~ R^(lam - 1) = R^(-0.413); the exponent differs from the isotropic L-shape's 2/3
because the stretch opens the corner, so a solver that reads the drawn angle puts the wrong
singular function there; the singular function's level lines are ellipses, not circles.
"""

import sympy as sp

from pinnls import Polygon, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")

alpha = 2 * sp.pi - 2 * sp.atan(sp.Rational(1, 2))
lam = sp.pi / alpha
R = sp.sqrt(x**2 + y**2 / 4)
Theta = sp.atan2(-y / 2, -x) + sp.pi - sp.atan(sp.Rational(1, 2))  # in [0, alpha] on the plate
smooth = sp.exp(x) * sp.cos(y / 2)
exact = R**lam * sp.sin(lam * Theta) + smooth

plate = Polygon([(-1, -1), (1, -1), (0, 0), (1, 1), (-1, 1)])
problem = Problem(u(x, y), plate, name="anisotropic-pacman")
problem.equation("pde", sp.Eq(u(x, y).diff(x, 2) + 4 * u(x, y).diff(y, 2), 0))
eps = 1e-9
mouth = sp.And(x > -eps, x < 1 - eps, y < x + eps, y > -x - eps)  # on the edges y = +-x
problem.condition("mouth", sp.Eq(u(x, y), smooth), on=plate.boundary.where(mouth))
problem.condition("outer", sp.Eq(u(x, y), exact), on=plate.boundary.where(sp.Not(mouth)))
problem.exact(exact)
