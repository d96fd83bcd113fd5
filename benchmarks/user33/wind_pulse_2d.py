"""A Gaussian puff carried by a gusting but spatially uniform wind: u_t + a(t) . grad u = 0.

Domain: the unit square [0, 1] x [0, 1] over t in [0, 1] (three axes x, y, t), one unknown u.
The wind a(t) = (a1(t), a2(t)) is the same everywhere but changes in time,

    a1(t) = 3/5 + (2/5) cos(pi t)   (between 0.2 and 1),
    a2(t) = 1/5 + (3/10) sin(pi t)  (between 0.2 and 0.5),

so a puff of tracer, u(x, y, 0) = g(x, y) = exp(-((x - 0.25)^2 + (y - 0.3)^2) / 0.12^2), drifts
along the curved path (X(t), Y(t)) with X' = a1, Y' = a2, X(0) = Y(0) = 0:

    X(t) = 3t/5 + 2 sin(pi t) / (5 pi),     Y(t) = t/5 + 3 (1 - cos(pi t)) / (10 pi),

and the exact solution is the puff shifted along it, u = g(x - X(t), y - Y(t)) (by the chain
rule u_t = -X' g_1 - Y' g_2 = -a . grad u). At t = 1 its centre is at (0.85, 0.69).

Conditions: the initial puff at t = 0, and the exact values on the inflow boundary. Since both
wind components stay positive, the wind enters through x = 0 and y = 0 (a . n < 0 there) at
every time and leaves through x = 1 and y = 1. A first-order transport equation needs data
exactly where characteristics enter: the initial face and the inflow faces. `problem.inflow`
places the condition where a . n < 0, found from the equation's velocity, so no data are
imposed on the outflow faces (that would over-determine the problem).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

a1 = sp.Rational(3, 5) + sp.Rational(2, 5) * sp.cos(sp.pi * t)
a2 = sp.Rational(1, 5) + sp.Rational(3, 10) * sp.sin(sp.pi * t)
X = 3 * t / 5 + 2 * sp.sin(sp.pi * t) / (5 * sp.pi)
Y = t / 5 + 3 * (1 - sp.cos(sp.pi * t)) / (10 * sp.pi)


def puff(px, py):
    """The initial tracer puff, centred at (0.25, 0.3), radius about 0.12."""
    return sp.exp(
        -((px - sp.Rational(1, 4)) ** 2 + (py - sp.Rational(3, 10)) ** 2) / sp.Rational(3, 25) ** 2
    )


exact = puff(x - X, y - Y)

domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="wind-pulse-2d")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t) + a1 * U.diff(x) + a2 * U.diff(y), 0))
problem.condition("initial", sp.Eq(u(x, y, 0), puff(x, y)))
problem.inflow("inflow", sp.Eq(U, exact))
problem.exact(exact)
