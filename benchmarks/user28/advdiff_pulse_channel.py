"""Advection-diffusion of a narrow pulse down an elongated channel.

PDE:    u_t + 3 u_x + 0.1 u_y = 0.002 (u_xx + u_yy)
Domain: x in [0, 4], y in [0, 0.5], t in [0, 1]  (8:1 box)
Data:   u at t = 0 and on the four side walls from the exact solution.
Exact:  u = s0^2/s(t)^2 * exp(-((x - 0.5 - 3 t)^2 + (y - 0.25 - 0.1 t)^2) / s(t)^2),
        s(t)^2 = s0^2 + 4 nu t, s0 = 0.06, nu = 0.002 (the translated 2-D heat kernel).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
nu = sp.Rational(2, 1000)
s0 = sp.Rational(6, 100)
s2 = s0**2 + 4 * nu * t
exact = (
    s0**2
    / s2
    * sp.exp(-((x - sp.Rational(1, 2) - 3 * t) ** 2 + (y - sp.Rational(1, 4) - t / 10) ** 2) / s2)
)

domain = Box(x=(0, 4), y=(0, sp.Rational(1, 2)), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="advdiff-pulse-channel")
U = u(x, y, t)
problem.equation(
    "pde", sp.Eq(U.diff(t) + 3 * U.diff(x) + U.diff(y) / 10, nu * (U.diff(x, 2) + U.diff(y, 2)))
)
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
for axis, value in [(x, 0), (x, 4), (y, 0), (y, sp.Rational(1, 2))]:
    problem.condition(
        f"wall-{axis}{0 if value == 0 else 1}", sp.Eq(U.subs(axis, value), exact.subs(axis, value))
    )
problem.exact(exact)
