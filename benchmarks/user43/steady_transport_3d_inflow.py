"""3-D steady transport with a source: u_x + 2 u_y + 3 u_z = f on the unit cube.

Domain: x, y, z in [0, 1] (no time axis); constant velocity a = (1, 2, 3).

Conditions: u given on the three inflow faces x = 0, y = 0 and z = 0 only (a . n < 0 there),
declared with problem.inflow, which finds those faces from the velocity; the outflow faces
x = 1, y = 1, z = 1 get nothing. All data are the exact solution's.

Exact solution (manufactured; the source f = u_x + 2 u_y + 3 u_z is derived from it): a part
that is not constant along the flow plus a Gaussian ridge that is (the ridge is carried
unchanged through the cube and contributes nothing to f):

    u = sin(pi x) cos(pi y / 2) exp(z) + x y z
        + exp(-((y - 2 x - 0.2)^2 + (z - 3 x - 0.3)^2) / 0.1).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
u = sp.Function("u")
R = sp.Rational
ridge = sp.exp(-((y - 2 * x - R(1, 5)) ** 2 + (z - 3 * x - R(3, 10)) ** 2) / R(1, 10))
exact = sp.sin(sp.pi * x) * sp.cos(sp.pi * y / 2) * sp.exp(z) + x * y * z + ridge


def transport(w):
    """u_x + 2 u_y + 3 u_z, applied to w."""
    return w.diff(x) + 2 * w.diff(y) + 3 * w.diff(z)


domain = Box(x=(0, 1), y=(0, 1), z=(0, 1))
problem = Problem(u(x, y, z), domain, name="steady-transport-3d-inflow")
U = u(x, y, z)
problem.equation("pde", sp.Eq(transport(U), transport(exact)))
problem.inflow("inflow", sp.Eq(U, exact))
problem.exact(exact)
