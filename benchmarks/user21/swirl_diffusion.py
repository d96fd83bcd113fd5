"""A Gaussian carried round by a solid-body rotation while it diffuses:

    u_t - (y - 1/2) u_x + (x - 1/2) u_y = nu (u_xx + u_yy)   on [0, 1]^2 x [0, pi/2],

nu = 0.002; the blob (width 0.08) turns a quarter turn about the centre and spreads. The
exact solution is held on the four sides.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
nu, s0 = sp.Rational(2, 1000), sp.Rational(8, 100)
xc = sp.Rational(1, 2) + sp.Rational(1, 4) * sp.cos(t)
yc = sp.Rational(1, 2) + sp.Rational(1, 4) * sp.sin(t)
var = s0**2 + 2 * nu * t
exact = s0**2 / var * sp.exp(-((x - xc) ** 2 + (y - yc) ** 2) / (2 * var))
U = u(x, y, t)

problem = Problem(U, Box(x=(0, 1), y=(0, 1), t=(0, sp.pi / 2)), name="swirl-diffusion")
problem.equation(
    "pde",
    sp.Eq(
        U.diff(t) - (y - sp.Rational(1, 2)) * U.diff(x) + (x - sp.Rational(1, 2)) * U.diff(y),
        nu * (U.diff(x, 2) + U.diff(y, 2)),
    ),
)
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
for name, face in [("x0", {x: 0}), ("x1", {x: 1}), ("y0", {y: 0}), ("y1", {y: 1})]:
    problem.condition(name, sp.Eq(U.subs(face), exact.subs(face)))
problem.exact(exact)
