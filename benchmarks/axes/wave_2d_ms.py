"""PINNacle's Wave 2d-MS (long time, multi-scale; Hao et al., NeurIPS 2024), made consistent.

PINNacle's ``Wave2D_LongTime`` (src/pde/wave.py, defaults a = sqrt(2), m1 = 1, m2 = 3, n1 = 1,
n2 = 2, p1 = p2 = 1) states

    u_tt = u_xx + a^2 u_yy   on (x, y) in [0, 1]^2, t in [0, 100],

with its reference solution

    u* = sin(pi x) sinh(pi y) cos(pi t) + sinh(3 pi x) sin(2 pi y) cos(pi t)

given at t = 0 and on the four sides. u* does not satisfy the equation: for each of its two
terms u_tt - u_xx - 2 u_yy = -pi^2 - (-pi^2) - 2 pi^2 = -2 pi^2 (first) and
-pi^2 - 9 pi^2 + 8 pi^2 = -2 pi^2 (second), so the residual of u* is -2 pi^2 u*. Here the
equation carries that source,

    u_tt - u_xx - 2 u_yy = -2 pi^2 u*(x, y, t),

which makes u* its exact solution; the data are PINNacle's (u* at t = 0 and on the sides).
PINNacle gives only u at t = 0 (a DeepXDE 'ic'), which leaves a second-order equation in time
underdetermined; the initial velocity u_t(x, y, 0) = 0 of u* is added. |u*| reaches
sinh(3 pi) ~ 6.2e3 near x = 1, so the relative error is dominated by the second term.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

a = sp.sqrt(2)
exact = sp.sin(sp.pi * x) * sp.sinh(sp.pi * y) * sp.cos(sp.pi * t) + sp.sinh(
    3 * sp.pi * x
) * sp.sin(2 * sp.pi * y) * sp.cos(sp.pi * t)

domain = Box(x=(0, 1), y=(0, 1), t=(0, 100))
problem = Problem(u(x, y, t), domain, name="wave-2d-ms")
U = u(x, y, t)
problem.equation(
    "pde", sp.Eq(U.diff(t, 2) - U.diff(x, 2) - a**2 * U.diff(y, 2), -2 * sp.pi**2 * exact)
)
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("velocity", sp.Eq(U.diff(t).subs(t, 0), 0))
for axis, value in [(x, 0), (x, 1), (y, 0), (y, 1)]:
    problem.condition(f"side-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value)))
problem.exact(exact)
