"""A vibrating membrane on [0, 2] x [0, 1] with free (zero-flux) edges: a standing mode.

u_tt = c^2 (u_xx + u_yy), c = 1.5, t in [0, 2]; u_n = 0 on all four walls.
Exact: u = cos(pi x) cos(pi y) cos(omega t), omega = c pi sqrt(2) (mode (2, 1) of the 2x1 plate),
started from rest: u(x, y, 0) = cos(pi x) cos(pi y), u_t(x, y, 0) = 0.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
c = 1.5
omega = c * sp.pi * sp.sqrt(2)
exact = sp.cos(sp.pi * x) * sp.cos(sp.pi * y) * sp.cos(omega * t)

domain = Box(x=(0, 2), y=(0, 1), t=(0, 2))
problem = Problem(u(x, y, t), domain, name="membrane-neumann")
U = u(x, y, t)
problem.equation("wave", sp.Eq(U.diff(t, 2), c**2 * (U.diff(x, 2) + U.diff(y, 2))))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("at-rest", sp.Eq(U.diff(t).subs(t, 0), 0))
problem.condition("left", sp.Eq(U.diff(x).subs(x, 0), 0))
problem.condition("right", sp.Eq(U.diff(x).subs(x, 2), 0))
problem.condition("bottom", sp.Eq(U.diff(y).subs(y, 0), 0))
problem.condition("top", sp.Eq(U.diff(y).subs(y, 1), 0))
problem.exact(exact)
