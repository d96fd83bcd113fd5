"""Time-harmonic sound in a rectangular duct: p_xx + p_yy + p_zz + k^2 p = 0 (3-D, steady).

Domain: a duct 0.6 m x 0.4 m in cross-section and 1.2 m long, x in [0, 0.6], y in [0, 0.4],
z in [0, 1.2]. Wavenumber k = 15 1/m (about 820 Hz in air); the (1,1) cross mode
propagates with k_z = sqrt(k^2 - (pi/0.6)^2 - (pi/0.4)^2) = 11.66 1/m.

Conditions: rigid walls, p_x = 0 on x = 0, 0.6 and p_y = 0 on y = 0, 0.4 (Neumann); the
pressure given on the driven end z = 0 (a loudspeaker plane); a locally reacting
(Robin) termination at z = 1.2: p_z + beta p = g with beta = 5 1/m and g the exact solution's.

Exact solution: a plane wave plus the (1,1) duct mode,

    p = cos(k z + 0.3) + 0.5 cos(pi x / 0.6) cos(pi y / 0.4) cos(k_z z + 0.7).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
p = sp.Function("p")
R = sp.Rational
Lx, Ly, Lz = R(3, 5), R(2, 5), R(6, 5)
k = 15
beta = 5
kz = sp.sqrt(k**2 - (sp.pi / Lx) ** 2 - (sp.pi / Ly) ** 2)
exact = sp.cos(k * z + R(3, 10)) + R(1, 2) * sp.cos(sp.pi * x / Lx) * sp.cos(
    sp.pi * y / Ly
) * sp.cos(kz * z + R(7, 10))

domain = Box(x=(0, Lx), y=(0, Ly), z=(0, Lz))
problem = Problem(p(x, y, z), domain, name="helmholtz-duct-3d-robin")
P = p(x, y, z)
problem.equation("pde", sp.Eq(P.diff(x, 2) + P.diff(y, 2) + P.diff(z, 2) + k**2 * P, 0))
problem.condition("wall-x0", sp.Eq(P.diff(x).subs(x, 0), 0))
problem.condition("wall-x1", sp.Eq(P.diff(x).subs(x, Lx), 0))
problem.condition("wall-y0", sp.Eq(P.diff(y).subs(y, 0), 0))
problem.condition("wall-y1", sp.Eq(P.diff(y).subs(y, Ly), 0))
problem.condition("driver", sp.Eq(p(x, y, 0), exact.subs(z, 0)))
g = (exact.diff(z) + beta * exact).subs(z, Lz)
problem.condition("termination", sp.Eq(P.diff(z).subs(z, Lz) + beta * p(x, y, Lz), g))
problem.exact(exact)
