"""2-D heat with a Robin side: u_t = kappa (u_xx + u_yy) + f.

Domain: x in [0, 1], y in [0, 1], t in [0, 1]; diffusivity kappa = 1/10.

Conditions: u given at t = 0; a Robin (convective) condition on the side x = 1,
u_n + h u = g with outward normal +x, so u_x(1, y, t) + 2 u(1, y, t) = g (h = 2);
u given on the other sides x = 0, y = 0, y = 1 (Dirichlet). All data are the exact solution's.

Exact solution (manufactured, the source f = u_t - kappa (u_xx + u_yy) is derived from it): a
pattern of two different frequencies, 3 along x (about half a period) and 2 pi along y (one
period), decaying in time, plus a steady linear part:

    u = exp(-t / 2) sin(3 x + 1/2) cos(2 pi y) + x y / 2.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
R = sp.Rational
kappa = R(1, 10)
h = 2
exact = sp.exp(-t / 2) * sp.sin(3 * x + R(1, 2)) * sp.cos(2 * sp.pi * y) + x * y / 2


def operator(w):
    """u_t - kappa (u_xx + u_yy), applied to w."""
    return w.diff(t) - kappa * (w.diff(x, 2) + w.diff(y, 2))


def robin(w):
    """u_x + h u on x = 1."""
    return w.diff(x).subs(x, 1) + h * w.subs(x, 1)


domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="heat-robin-side")
U = u(x, y, t)
problem.equation("pde", sp.Eq(operator(U), operator(exact)))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("robin-x1", sp.Eq(robin(U), robin(exact)))
problem.condition("wall-x0", sp.Eq(u(0, y, t), exact.subs(x, 0)))
problem.condition("wall-y0", sp.Eq(u(x, 0, t), exact.subs(y, 0)))
problem.condition("wall-y1", sp.Eq(u(x, 1, t), exact.subs(y, 1)))
problem.exact(exact)
