"""A pulse carried by a sheared flow, with a little diffusion, written as a new user would.

    u_t + 0.4 u_x + 0.2 sin(2 pi x) u_y = 0.01 (u_xx + u_yy) + f   on [0, 1]^2, t in [0, 1],

with f manufactured so that a Gaussian pulse of width 0.1, moving from (0.3, 0.5) to (0.7, 0.5),
is the exact solution; its values are given at t = 0 and on the four sides.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

exact = sp.exp(-((x - 0.3 - 0.4 * t) ** 2 + (y - 0.5) ** 2) / 0.02)
vx, vy, nu = sp.Rational(2, 5), sp.sin(2 * sp.pi * x) / 5, sp.Rational(1, 100)


def operator(w):
    return w.diff(t) + vx * w.diff(x) + vy * w.diff(y) - nu * (w.diff(x, 2) + w.diff(y, 2))


problem = Problem(u(x, y, t), Box(x=(0, 1), y=(0, 1), t=(0, 1)), name="swirl-pulse")
problem.equation("pde", sp.Eq(operator(u(x, y, t)), operator(exact)))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
for axis, value in [(x, 0), (x, 1), (y, 0), (y, 1)]:
    problem.condition(
        f"side-{axis}{value}", sp.Eq(u(x, y, t).subs(axis, value), exact.subs(axis, value))
    )
problem.exact(exact)
