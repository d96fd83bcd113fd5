"""Heat with a periodic forcing and a Gaussian that spreads: the source is taken away by a
particular solution, the Gaussian is not.

    u_t = 0.01 lap u + f   on [0, 1]^2 x [0, 1],

with ``u = G + F``: ``G`` the heat kernel of u_t = 0.01 lap u started at width 0.1 (it solves
the homogeneous equation, so it comes from the initial and boundary data alone) and
``F = t cos(pi x) sin(2 pi y) + x y`` the forced part, whose source
``f = F_t - 0.01 lap F`` is a polynomial times sines. The particular solution subtracted first
(docs/guide.md, "A particular solution first") is not ``u``: the Gaussian is left to the basis.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

kappa = sp.Rational(1, 100)
width = sp.Rational(1, 100) + 4 * kappa * t  # 2 sigma^2 of the Gaussian, 0.1 at t = 0
G = sp.Rational(1, 100) / width * sp.exp(-((x - 0.5) ** 2 + (y - 0.5) ** 2) / width)
F = t * sp.cos(sp.pi * x) * sp.sin(2 * sp.pi * y) + x * y
exact = G + F


def heat(v):
    return v.diff(t) - kappa * (v.diff(x, 2) + v.diff(y, 2))


problem = Problem(u(x, y, t), Box(x=(0, 1), y=(0, 1), t=(0, 1)), name="heat-kernel-forced")
U = u(x, y, t)
problem.equation("pde", sp.Eq(heat(U), sp.expand(heat(F))))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
for axis, value in [(x, 0), (x, 1), (y, 0), (y, 1)]:
    problem.condition(f"side-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value)))
problem.exact(exact)
