"""Solid-body rotation on the unit disk: u_t - y u_x + x u_y = 0.

Domain: the disk of radius 1 centred at the origin, times t in [0, 2]; the flow (-y, x)
turns counter-clockwise with angular speed 1.

Conditions: u given at t = 0 only. The flow runs along the rim (a . n = 0 everywhere on
it), so no boundary point has inflow and no boundary data are needed.

Exact solution: in polar coordinates (r, theta) the solution is the initial data turned by
the angle t, a function of the radius times a function of the rotated angle:

    u = R(r) Theta(theta - t),   R(r) = r^3 exp(-2 r^2),   Theta(phi) = cos(3 phi),

written in Cartesian form (r^3 cos(3 phi) = X^3 - 3 X Y^2 is smooth at the origin) with
(X, Y) the point rotated back by t: X = x cos t + y sin t, Y = -x sin t + y cos t.
"""

import sympy as sp

from pinnls import Box, Disk, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
X = x * sp.cos(t) + y * sp.sin(t)
Y = -x * sp.sin(t) + y * sp.cos(t)
exact = sp.exp(-2 * (x**2 + y**2)) * (X**3 - 3 * X * Y**2)

disk = Disk(center=(0, 0), radius=1)
domain = disk * Box(t=(0, 2))
problem = Problem(u(x, y, t), domain, name="rotation-disk-polar-product")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t) - y * U.diff(x) + x * U.diff(y), 0))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.exact(exact)
