"""Advection-diffusion at Peclet number about 110: u_t + a . grad u = nu (u_xx + u_yy).

PDE:    u_t + 1.0 u_x + 0.5 u_y = 0.01 (u_xx + u_yy), |a| L / nu = 112 on the unit square.
Domain: [0, 1]^2 x t in [0, 0.6].
Data:   u(x, y, 0) = exp(-((x - 0.25)^2 + (y - 0.3)^2) / s0), s0 = 0.1^2;
        Dirichlet data from the exact solution on all four sides.
Exact:  the 2-D heat kernel moved by the wind,
        u = s0 / (s0 + 4 nu t) exp(-((x - 0.25 - t)^2 + (y - 0.3 - 0.5 t)^2) / (s0 + 4 nu t)):
        the pulse spreads from width 0.1 to 0.18 while it drifts to (0.85, 0.6).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

nu = sp.Rational(1, 100)
a, b = 1, sp.Rational(1, 2)
s0 = sp.Rational(1, 100)
s = s0 + 4 * nu * t
exact = (
    s0
    / s
    * sp.exp(-((x - sp.Rational(1, 4) - a * t) ** 2 + (y - sp.Rational(3, 10) - b * t) ** 2) / s)
)

domain = Box(x=(0, 1), y=(0, 1), t=(0, sp.Rational(3, 5)))
problem = Problem(u(x, y, t), domain, name="advdiff-peclet")
U = u(x, y, t)
problem.equation(
    "pde", sp.Eq(U.diff(t) + a * U.diff(x) + b * U.diff(y), nu * (U.diff(x, 2) + U.diff(y, 2)))
)
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
for axis, value in [(x, 0), (x, 1), (y, 0), (y, 1)]:
    problem.condition(f"side-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value)))
problem.exact(exact)
