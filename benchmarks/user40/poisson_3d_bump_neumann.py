"""3-D Poisson on a flat box with a bump and one Neumann face: -Δu = f.

Domain: x in [0, 2], y in [0, 1], z in [0, 1/2] (no time axis).

Conditions: the flux u_z given on the top face z = 1/2 (Neumann); u given on the other five
faces (Dirichlet). All data are the exact solution's.

Exact solution (manufactured, the source f = -Δu is derived from it): a smooth trigonometric
part plus a mildly localized Gaussian bump of width 0.25 centred at (1.2, 0.4, 0.3), just
under the Neumann face:

    u = sin(pi x / 2) cos(pi y) (1 + z)
        + exp(-((x - 1.2)^2 + (y - 0.4)^2 + (z - 0.3)^2) / 0.25^2).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
u = sp.Function("u")
R = sp.Rational
width = R(1, 4)
trig = sp.sin(sp.pi * x / 2) * sp.cos(sp.pi * y) * (1 + z)
bump = sp.exp(-((x - R(6, 5)) ** 2 + (y - R(2, 5)) ** 2 + (z - R(3, 10)) ** 2) / width**2)
exact = trig + bump


def operator(w):
    """-Δw."""
    return -(w.diff(x, 2) + w.diff(y, 2) + w.diff(z, 2))


top = R(1, 2)
domain = Box(x=(0, 2), y=(0, 1), z=(0, top))
problem = Problem(u(x, y, z), domain, name="poisson-3d-bump-neumann")
U = u(x, y, z)
problem.equation("pde", sp.Eq(operator(U), operator(exact)))
problem.condition("top-flux", sp.Eq(U.diff(z).subs(z, top), exact.diff(z).subs(z, top)))
faces = [("x0", x, 0), ("x2", x, 2), ("y0", y, 0), ("y1", y, 1), ("z0", z, 0)]
for label, axis, value in faces:
    problem.condition(f"face-{label}", sp.Eq(U.subs(axis, value), exact.subs(axis, value)))
problem.exact(exact)
