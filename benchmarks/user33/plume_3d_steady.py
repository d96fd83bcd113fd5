"""A steady 3-D plume: -nu Lap u + b . grad u + c u = f in the unit cube.

Domain: the box [0, 1]^3 (three space axes x, y, z, no time), one unknown u (a concentration).
Diffusivity nu = 0.1, wind b = (1, 1/2, -1/4), first-order removal c = 1, and a source f.

Exact (manufactured) solution: a Gaussian blob on a gentle trilinear background,

    u = exp(-((x - 0.4)^2 + (y - 0.5)^2 + (z - 0.6)^2) / 0.1) + x y z / 2,

and f = -nu Lap u + b . grad u + c u is computed from it with sympy.

Conditions: Dirichlet data (the exact values) on five faces, x = 0 (inflow), y = 0, y = 1,
z = 0 and z = 1; on the outflow face x = 1 a Neumann condition, the prescribed normal
derivative u_x(1, y, z) (an "outflow" condition as used in channel models).

Well posed: with nu > 0 the operator is elliptic, and with c > 0 and div b = 0 its bilinear
form is coercive on functions vanishing on the Dirichlet faces (b . n >= 0 on the Neumann face
x = 1, where the wind leaves), so the mixed Dirichlet/Neumann problem has a unique solution
(Lax-Milgram). The Neumann face does not leave a free constant: the Dirichlet faces fix it.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
u = sp.Function("u")

nu = sp.Rational(1, 10)
b = (1, sp.Rational(1, 2), -sp.Rational(1, 4))
c = 1

exact = (
    sp.exp(
        -(
            (x - sp.Rational(2, 5)) ** 2
            + (y - sp.Rational(1, 2)) ** 2
            + (z - sp.Rational(3, 5)) ** 2
        )
        / sp.Rational(1, 10)
    )
    + x * y * z / 2
)


def operator(w):
    """-nu Lap w + b . grad w + c w."""
    laplacian = w.diff(x, 2) + w.diff(y, 2) + w.diff(z, 2)
    return -nu * laplacian + b[0] * w.diff(x) + b[1] * w.diff(y) + b[2] * w.diff(z) + c * w


source = operator(exact)

domain = Box(x=(0, 1), y=(0, 1), z=(0, 1))
U = u(x, y, z)
problem = Problem(U, domain, name="plume-3d-steady")
problem.equation("pde", sp.Eq(operator(U), source))
problem.condition("inflow", sp.Eq(u(0, y, z), exact.subs(x, 0)))
problem.condition("outflow", sp.Eq(U.diff(x).subs(x, 1), exact.diff(x).subs(x, 1)))
problem.condition("side-y0", sp.Eq(u(x, 0, z), exact.subs(y, 0)))
problem.condition("side-y1", sp.Eq(u(x, 1, z), exact.subs(y, 1)))
problem.condition("floor", sp.Eq(u(x, y, 0), exact.subs(z, 0)))
problem.condition("ceiling", sp.Eq(u(x, y, 1), exact.subs(z, 1)))
problem.exact(exact)
