"""2-D wave in an insulated rectangle: u_tt = c^2 (u_xx + u_yy), no source.

Domain: x in [0, 2], y in [0, 1], t in [0, 2]; wave speed c = 1.

Conditions: u and u_t given at t = 0; the normal derivative is zero on all four walls
(Neumann: u_x = 0 on x = 0 and x = 2, u_y = 0 on y = 0 and y = 1).

Exact solution: a sum of two standing modes of the rectangle with insulated walls,
cos(m pi x / 2) cos(n pi y) cos(omega t) with omega = c pi sqrt(m^2 / 4 + n^2):
the mode (m, n) = (1, 0) of frequency pi/2 (half a cycle over t in [0, 2]) and the mode (2, 1)
of frequency pi sqrt(2) (about 1.4 cycles) at half the amplitude,

    u = cos(pi x / 2) cos(pi t / 2) + 1/2 cos(pi x) cos(pi y) cos(sqrt(2) pi t).

The initial velocity u_t(x, y, 0) is zero for both modes.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
R = sp.Rational
c = 1
mode1 = sp.cos(sp.pi * x / 2) * sp.cos(c * sp.pi * t / 2)
mode2 = R(1, 2) * sp.cos(sp.pi * x) * sp.cos(sp.pi * y) * sp.cos(c * sp.sqrt(2) * sp.pi * t)
exact = mode1 + mode2


def operator(w):
    """u_tt - c^2 (u_xx + u_yy), applied to w."""
    return w.diff(t, 2) - c**2 * (w.diff(x, 2) + w.diff(y, 2))


domain = Box(x=(0, 2), y=(0, 1), t=(0, 2))
problem = Problem(u(x, y, t), domain, name="wave-neumann-rectangle")
U = u(x, y, t)
problem.equation("pde", sp.Eq(operator(U), 0))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("velocity", sp.Eq(U.diff(t).subs(t, 0), exact.diff(t).subs(t, 0)))
problem.condition("wall-x0", sp.Eq(U.diff(x).subs(x, 0), 0))
problem.condition("wall-x2", sp.Eq(U.diff(x).subs(x, 2), 0))
problem.condition("wall-y0", sp.Eq(U.diff(y).subs(y, 0), 0))
problem.condition("wall-y1", sp.Eq(U.diff(y).subs(y, 1), 0))
problem.exact(exact)
