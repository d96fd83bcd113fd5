"""Advection-diffusion in two space axes and time: a Gaussian carried and spread.

    u_t + u_x + 0.5 u_y = 0.01 (u_xx + u_yy)   on (x, y) in [0, 1]^2, t in [0, 0.5].

The exact solution is the heat kernel moving with the flow,

    u = s0 / s(t) * exp(-((x - 0.3 - t)^2 + (y - 0.3 - 0.5 t)^2) / s(t)),  s(t) = s0 + 4 nu t,

with s0 = 0.15^2 and nu = 0.01 (the width grows from 0.15 to about 0.2). Second order in space,
so every side carries the exact solution (Dirichlet), and the initial face carries the pulse.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

nu = sp.Rational(1, 100)
s0 = sp.Rational(3, 20) ** 2
s = s0 + 4 * nu * t
exact = (
    s0
    / s
    * sp.exp(-((x - sp.Rational(3, 10) - t) ** 2 + (y - sp.Rational(3, 10) - t / 2) ** 2) / s)
)

domain = Box(x=(0, 1), y=(0, 1), t=(0, sp.Rational(1, 2)))
problem = Problem(u(x, y, t), domain, name="advection-diffusion-2d")
U = u(x, y, t)
problem.equation(
    "pde", sp.Eq(U.diff(t) + U.diff(x) + U.diff(y) / 2, nu * (U.diff(x, 2) + U.diff(y, 2)))
)
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
for axis, value in [(x, 0), (x, 1), (y, 0), (y, 1)]:
    problem.condition(f"side-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value)))
problem.exact(exact)
