"""2-D transport with decay by an oblique constant wind: u_t + u_x + 1/2 u_y + 3/10 u = 0.

Domain: x in [0, 1], y in [0, 1], t in [0, 1]; velocity (1, 1/2), decay rate 3/10.

Conditions: u given at t = 0; u given on the inflow faces x = 0 and y = 0 (the flow leaves
through x = 1 and y = 1, which get no condition). All data are the exact solution's.

Exact solution: the initial profile g(x, y) = sin(pi x + 1/4) sin(2 pi y + 1/3) exp(-x / 2)
(one half period along x, one full period along y, damped along x) carried along (1, 1/2) and
decaying at rate 3/10:

    u = exp(-3 t / 10) g(x - t, y - t / 2).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
R = sp.Rational
ax, ay, decay = 1, R(1, 2), R(3, 10)


def profile(X, Y):
    """The initial data g(X, Y)."""
    return sp.sin(sp.pi * X + R(1, 4)) * sp.sin(2 * sp.pi * Y + R(1, 3)) * sp.exp(-X / 2)


exact = sp.exp(-decay * t) * profile(x - ax * t, y - ay * t)


def operator(w):
    """u_t + u_x + 1/2 u_y + 3/10 u, applied to w."""
    return w.diff(t) + ax * w.diff(x) + ay * w.diff(y) + decay * w


domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="transport-oblique-decay")
problem.equation("pde", sp.Eq(operator(u(x, y, t)), 0))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("inflow-x0", sp.Eq(u(0, y, t), exact.subs(x, 0)))
problem.condition("inflow-y0", sp.Eq(u(x, 0, t), exact.subs(y, 0)))
problem.exact(exact)
