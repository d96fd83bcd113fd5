"""A string driven by a force that grows in time, carrying a Gaussian pulse: the source is
taken away by a particular solution, the pulse is not.

    u_tt = u_xx + f   on x in [0, 1], t in [0, 2],

``u = P + F``: ``P = exp(-((x - t - 0.3) / 0.08)^2)`` a pulse travelling right (it solves
u_tt = u_xx, so it comes from the initial and boundary data alone) and
``F = t^2 sin(pi x) + cos(2 x) t``, ``f = F_tt - F_xx``. u and u_t at t = 0, u on both ends.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

P = sp.exp(-(((x - t - sp.Rational(3, 10)) / sp.Rational(8, 100)) ** 2))
F = t**2 * sp.sin(sp.pi * x) + sp.cos(2 * x) * t
exact = P + F

problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 2)), name="wave-pulse-forced")
U = u(x, t)
problem.equation("pde", sp.Eq(U.diff(t, 2) - U.diff(x, 2), sp.expand(F.diff(t, 2) - F.diff(x, 2))))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("velocity", sp.Eq(U.diff(t).subs(t, 0), exact.diff(t).subs(t, 0)))
problem.condition("left", sp.Eq(u(0, t), exact.subs(x, 0)))
problem.condition("right", sp.Eq(u(1, t), exact.subs(x, 1)))
problem.exact(exact)
