"""2-D advection-reaction with a source: u_t + u_x + 1/2 u_y + u = f.

Domain: x in [0, 1], y in [0, 1], t in [0, 1]; constant velocity (1, 1/2), absorption rate 1.

Conditions: u given at t = 0; u given on the inflow sides x = 0 and y = 0 (the flow leaves
through x = 1 and y = 1, which get no condition). All data are the exact solution's.

Exact solution (manufactured, the source f = u_t + u_x + u_y / 2 + u is derived from it): a
decaying cosine-sine pattern plus a part that relaxes like 1 / (1 + t):

    u = cos(pi x) sin(pi y) exp(-t / 2) + x y / (1 + t).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
R = sp.Rational
exact = sp.cos(sp.pi * x) * sp.sin(sp.pi * y) * sp.exp(-t / 2) + x * y / (1 + t)


def operator(w):
    """u_t + u_x + 1/2 u_y + u, applied to w."""
    return w.diff(t) + w.diff(x) + R(1, 2) * w.diff(y) + w


domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="advection-reaction-source-2d")
U = u(x, y, t)
problem.equation("pde", sp.Eq(operator(U), operator(exact)))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("inflow-x0", sp.Eq(u(0, y, t), exact.subs(x, 0)))
problem.condition("inflow-y0", sp.Eq(u(x, 0, t), exact.subs(y, 0)))
problem.exact(exact)
