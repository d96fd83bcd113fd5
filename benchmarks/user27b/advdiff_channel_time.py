"""Time-dependent advection-diffusion in a long channel [0, 6] x [0, 0.5], t in [0, 2].

u_t + 1.5 u_x = 0.02 lap u + f; exact u = exp(-((x - 1 - 1.5 t)^2 / 0.2 + (y - 0.25)^2 / 0.02))
/ (1 + t)
(an oblong pulse carried down the channel, decaying); Dirichlet on all walls, initial data.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
nu = sp.Rational(1, 50)
exact = sp.exp(-((x - 1 - sp.Rational(3, 2) * t) ** 2 / 0.2 + (y - 0.25) ** 2 / 0.02)) / (1 + t)

domain = Box(x=(0, 6), y=(0, 0.5), t=(0, 2))
problem = Problem(u(x, y, t), domain, name="advdiff-channel-time")
U = u(x, y, t)
problem.equation(
    "pde", sp.Eq(U.diff(t) + sp.Rational(3, 2) * U.diff(x) - nu * (U.diff(x, 2) + U.diff(y, 2)), 0)
)
problem.condition("initial", sp.Eq(u(x, y, 0), 0))
for name, axis, value in [("left", x, 0), ("right", x, 6), ("bottom", y, 0), ("top", y, 0.5)]:
    problem.condition(name, sp.Eq(U.subs(axis, value), 0))
problem = problem.manufactured(exact)
