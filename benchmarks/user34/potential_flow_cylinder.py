"""Potential flow past a circular cylinder, seen through a rectangular window: Laplace's
equation for the velocity potential on a box with a round hole, no flow through the cylinder's
wall, the far-field solution's data on the window's edges.

    phi_xx + phi_yy = 0     on [0, 3] x [0, 6/5] minus the disk of radius a = 1/4 about c = (1, 1/2)
    phi = exact             on the inflow edge x = 0 and the outflow edge x = 3
    dphi/dn = exact's       on the window's lower edge y = 0 and upper edge y = 6/5
    dphi/dn = 0             on the cylinder's wall (impermeable)

Exact solution: the uniform stream U = 1 past the cylinder in the whole plane, a doublet at c,

    phi = X + a^2 X / rho^2 = (rho + a^2 / rho) cos(psi),   (X, Y) = (x, y) - c, rho = |(X, Y)|,

whose radial derivative (1 - a^2 / rho^2) cos(psi) vanishes on rho = a. On the window's edges
the normal derivative is -phi_y on y = 0 and phi_y on y = 6/5, phi_y = -2 a^2 X Y / rho^4:
g_bottom = -a^2 X / rho^4 (Y = -1/2) and g_top = -7/5 a^2 X / rho^4 (Y = 7/10). The cylinder
sits slightly below the window's mid-line (1/2 against 3/5) and nearer the inflow edge.

Well posed: Dirichlet data on the inflow and outflow edges fix the constant; the remaining
edges and the wall carry Neumann data (a mixed problem; its data are the traces of one
harmonic function, so compatible).

Hard: the doublet's pole lies inside the hole, 1/4 from the wall, and the velocity changes
fastest along the wall (stagnation points at psi = 0 and pi, speed 2 at the top and bottom);
the wall condition is a pure Neumann one on a curved boundary.
"""

import sympy as sp

from pinnls import Box, Disk, Problem

x, y = sp.symbols("x y")
phi = sp.Function("phi")

a = sp.Rational(1, 4)
cx, cy = 1, sp.Rational(1, 2)
X, Y = x - cx, y - cy
rho2 = X**2 + Y**2
exact = X + a**2 * X / rho2
g_bottom = -(a**2) * X / rho2**2  # on y = 0
g_top = -sp.Rational(7, 5) * a**2 * X / rho2**2  # on y = 6/5

window = Box(x=(0, 3), y=(0, sp.Rational(6, 5))) - Disk(center=(cx, cy), radius=a)
n = window.normal
problem = Problem(phi(x, y), window, name="potential-flow-cylinder")
problem.equation("pde", sp.Eq(phi(x, y).diff(x, 2) + phi(x, y).diff(y, 2), 0))
eps = 1e-9
ends = sp.Or(x < eps, x > 3 - eps)
bottom = y < eps
top = y > sp.Rational(6, 5) - eps
wall = rho2 < (a + sp.Rational(1, 100)) ** 2
flux = n[0] * phi(x, y).diff(x) + n[1] * phi(x, y).diff(y)
problem.condition("ends", sp.Eq(phi(x, y), exact), on=window.boundary.where(ends))
problem.condition("bottom", sp.Eq(flux, g_bottom), on=window.boundary.where(bottom))
problem.condition("top", sp.Eq(flux, g_top), on=window.boundary.where(top))
problem.condition("cylinder", sp.Eq(flux, 0), on=window.boundary.where(wall))
problem.exact(exact)
