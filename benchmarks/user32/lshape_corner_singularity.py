"""Laplace's equation on an L-shaped domain with the re-entrant corner singularity.

PDE: u_xx + u_yy = 0 on the L-shape (-1, 1)^2 minus the quadrant [0, 1] x [-1, 0], u given on
its whole boundary (Dirichlet).

Exact solution: in polar coordinates about the re-entrant corner (the origin), with the angle
theta measured from the positive x axis counter-clockwise through the domain, theta in
[0, 3 pi / 2],

    u = r^(2/3) sin(2 theta / 3),

the classical corner solution (harmonic: r^k sin(k theta) for any k). It vanishes on both
edges that meet at the corner (theta = 0, the edge y = 0, x > 0, and theta = 3 pi / 2, the
edge x = 0, y < 0) and is smooth on the outer edges. To write theta with atan2 without its
branch cut crossing the domain, the angle is measured from the bisector of the missing
quadrant, the direction (1, -1), which lies outside the domain:
theta = atan2(-(x + y), y - x) + 3 pi / 4 (the point rotated by -3 pi / 4 has coordinates
((y - x), -(x + y)) / sqrt(2), and its angle runs over (-3 pi / 4, 3 pi / 4) on the L).

Well-posedness: Laplace's equation with Dirichlet data on the whole boundary has a unique
solution; the data here are continuous (zero near the corner).

Why it is hard: u is not smooth at the corner: grad u grows like r^(-1/3), so u is in H^1 but
not in H^2, and its second derivatives (the PDE's own residual terms) are unbounded there.
A smooth global basis (tanh, sin, plane waves) converges only algebraically to such a
function, its least-squares residual is dominated by the few collocation points next to the
corner, and any validation estimate from fresh points sees the singularity only by chance.
Steady modes (plane and evanescent waves) solve Laplace exactly, but they are entire
functions, so they too can only approximate r^(2/3).
"""

import sympy as sp

from pinnls import Polygon, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")

r = sp.sqrt(x**2 + y**2)
theta = sp.atan2(-(x + y), y - x) + 3 * sp.pi / 4
exact = r ** sp.Rational(2, 3) * sp.sin(2 * theta / 3)

lshape = Polygon([(-1, -1), (0, -1), (0, 0), (1, 0), (1, 1), (-1, 1)])
U = u(x, y)
problem = Problem(U, lshape, name="lshape-corner-singularity")
problem.equation("pde", sp.Eq(U.diff(x, 2) + U.diff(y, 2), 0))
problem.condition("boundary", sp.Eq(U, exact), on=lshape.boundary)
problem.exact(exact)
