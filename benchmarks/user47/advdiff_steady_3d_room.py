"""Steady 3-D advection-diffusion of a tracer in a ventilated room: a . grad u - D Δu = f.

Room x in [0, 4] m, y in [0, 3] m, z in [0, 2.5] m; uniform ventilation draught
a = (0.2, 0.05, -0.02) m/s, effective (turbulent) diffusivity D = 0.1 m^2/s (cell Peclet
numbers of order 1: no boundary layers), and a source f chosen so that the exact solution
below holds (manufactured).

Conditions: Dirichlet on all six walls, the exact solution's values.

Exact solution (manufactured, smooth):

    u = exp(-x / 4) (1 + 0.5 cos(pi y / 3) sin(pi z / 2.5)) + 0.2 sin(pi x / 4).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
u = sp.Function("u")
R = sp.Rational
a = (R(1, 5), R(1, 20), -R(1, 50))
D = R(1, 10)

exact = (
    sp.exp(-x / 4) * (1 + sp.cos(sp.pi * y / 3) * sp.sin(sp.pi * z / R(5, 2)) / 2)
    + sp.sin(sp.pi * x / 4) / 5
)


def operator(w):
    drift = a[0] * w.diff(x) + a[1] * w.diff(y) + a[2] * w.diff(z)
    return drift - D * (w.diff(x, 2) + w.diff(y, 2) + w.diff(z, 2))


source = sp.simplify(operator(exact))

domain = Box(x=(0, 4), y=(0, 3), z=(0, R(5, 2)))
problem = Problem(u(x, y, z), domain, name="advdiff-steady-3d-room")
problem.equation("pde", sp.Eq(operator(u(x, y, z)), source))
for axis, value in [(x, 0), (x, 4), (y, 0), (y, 3), (z, 0), (z, R(5, 2))]:
    name = f"wall-{axis}{'hi' if value else 'lo'}"
    problem.condition(name, sp.Eq(u(x, y, z).subs(axis, value), exact.subs(axis, value)))
problem.exact(exact)
