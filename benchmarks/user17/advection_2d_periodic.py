"""2-D advection of a periodic pattern: u_t + a u_x + b u_y = 0 on [0, 2] x [0, 1], t in [0, 3].

Velocity (a, b) = (2, 1): after t = 1 the pattern is back where it started, so t in [0, 3]
is 3 periods. Periodic in x and y. Pattern g = sin(pi x) cos(2 pi y) + 0.3 sin(2 pi y);
exact solution g(x - a t, y - b t).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
a, b = 2, 1


def g(px, py):
    return sp.sin(sp.pi * px) * sp.cos(2 * sp.pi * py) + sp.Rational(3, 10) * sp.sin(2 * sp.pi * py)


U = u(x, y, t)
domain = Box(x=(0, 2), y=(0, 1), t=(0, 3))
problem = Problem(U, domain, name="advection-2d-periodic")
problem.equation("pde", sp.Eq(U.diff(t) + a * U.diff(x) + b * U.diff(y), 0))
problem.condition("initial", sp.Eq(u(x, y, 0), g(x, y)))
problem.condition("periodic-x", sp.Eq(u(0, y, t) - u(2, y, t), 0))
problem.condition("periodic-y", sp.Eq(u(x, 0, t) - u(x, 1, t), 0))
problem.exact(g(x - a * t, y - b * t))
