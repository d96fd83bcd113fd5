"""A Gaussian pulse carried diagonally across the unit square while it decays, written as a
new user would: no settings.

    u_t + 0.8 u_x - 0.4 u_y + 0.5 u = 0   on [0, 1]^2 x [0, 1],

``u = exp(-((x - 0.3 - 0.8 t)^2 + (y - 0.6 + 0.4 t)^2) / 0.02) exp(-0.5 t)``; the initial
state and the two inflow faces (x = 0, y = 1) from it.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

exact = sp.exp(
    -(
        (x - sp.Rational(3, 10) - sp.Rational(4, 5) * t) ** 2
        + (y - sp.Rational(3, 5) + 2 * t / 5) ** 2
    )
    / sp.Rational(2, 100)
) * sp.exp(-t / 2)

problem = Problem(u(x, y, t), Box(x=(0, 1), y=(0, 1), t=(0, 1)), name="pulse-2d-reaction")
U = u(x, y, t)
problem.equation(
    "pde",
    sp.Eq(U.diff(t) + sp.Rational(4, 5) * U.diff(x) - sp.Rational(2, 5) * U.diff(y) + U / 2, 0),
)
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("inflow-x", sp.Eq(u(0, y, t), exact.subs(x, 0)))
problem.condition("inflow-y", sp.Eq(u(x, 1, t), exact.subs(y, 1)))
problem.exact(exact)
