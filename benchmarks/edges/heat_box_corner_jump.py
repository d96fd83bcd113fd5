"""Heat in a square plate whose left edge is held at 1 and bottom edge at 0: the data jump at the
corner (0, 0) at every time, beside a decaying mode. Written on a Box in (x, y, t).

    u_t = u_xx + u_yy     in (0, 1) x (0, 1), 0 < t < 1/2
    u = exact             at t = 0 and on each of the four faces

Exact solution: u = 2 atan2(y, x) / pi + exp(-2 pi^2 t) sin(pi x) sin(pi y): the steady angle
(0 on the bottom edge, 1 on the left one) and the slowest mode of the square, which decays.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

exact = 2 * sp.atan2(y, x) / sp.pi + sp.exp(-2 * sp.pi**2 * t) * sp.sin(sp.pi * x) * sp.sin(
    sp.pi * y
)
problem = Problem(u(x, y, t), Box(x=(0, 1), y=(0, 1), t=(0, sp.Rational(1, 2))), name="heat-jump")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t), U.diff(x, 2) + U.diff(y, 2)))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("left", sp.Eq(u(0, y, t), 1))
problem.condition("bottom", sp.Eq(u(x, 0, t), 0))
problem.condition("right", sp.Eq(u(1, y, t), exact.subs(x, 1)))
problem.condition("top", sp.Eq(u(x, 1, t), exact.subs(y, 1)))
problem.exact(exact)
