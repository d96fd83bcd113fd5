"""A dye spill in a river: u_t + a u_x = Dx u_xx + Dy u_yy, anisotropic dispersion.

Domain: a 10 m reach, 4 m wide, x in [0, 10], y in [-2, 2], over t in [0, 8] s. Mean flow
a = 0.6 m/s along x; longitudinal dispersion Dx = 0.05 m^2/s, transverse Dy = 0.01 m^2/s
(shear dispersion makes the longitudinal one larger).

Conditions: the dye at t = 0 (a Gaussian patch released at x = 2, y = 0), and the exact
concentration on the four banks/cross-sections (Dirichlet).

Exact solution: the spreading, drifting anisotropic Gaussian (free-space Green's function of a
Gaussian initial patch of widths s = 0.4 m):

    u = s^2 / sqrt((s^2 + 4 Dx t)(s^2 + 4 Dy t))
        * exp(-(x - 2 - a t)^2 / (s^2 + 4 Dx t) - y^2 / (s^2 + 4 Dy t)).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
R = sp.Rational
a = R(3, 5)
Dx, Dy = R(1, 20), R(1, 100)
s2 = R(4, 10) ** 2
wx = s2 + 4 * Dx * t
wy = s2 + 4 * Dy * t
exact = s2 / sp.sqrt(wx * wy) * sp.exp(-((x - 2 - a * t) ** 2) / wx - y**2 / wy)

domain = Box(x=(0, 10), y=(-2, 2), t=(0, 8))
problem = Problem(u(x, y, t), domain, name="advdiff-aniso-river-plume")
c = u(x, y, t)
problem.equation("pde", sp.Eq(c.diff(t) + a * c.diff(x), Dx * c.diff(x, 2) + Dy * c.diff(y, 2)))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
for axis, value in [(x, 0), (x, 10), (y, -2), (y, 2)]:
    name = f"face-{axis}{'lo' if value in (0, -2) else 'hi'}"
    problem.condition(name, sp.Eq(c.subs(axis, value), exact.subs(axis, value)))
problem.exact(exact)
