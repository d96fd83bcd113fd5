"""2-D wave equation with speed c = 2 in a rectangle with insulated (homogeneous Neumann) walls:
u_tt = c^2 (u_xx + u_yy).

Domain: x in [0, 2], y in [0, 1], t in [0, 1]; c = 2.

Conditions: u and u_t given at t = 0; u_x = 0 on x = 0 and x = 2, u_y = 0 on y = 0 and y = 1
(homogeneous Neumann on all four walls: no data but zero). Nothing else: the walls reflect.

Exact solution: two cosine modes of the rectangle plus a uniform drift, each of which meets
the walls' conditions:

    u = cos(pi x) cos(pi y) cos(2 sqrt(2) pi t)     (mode (2, 1), omega = c pi sqrt(2))
      + sin(pi t) cos(pi x / 2) / 2                 (mode (1, 0), omega = c pi / 2 = pi)
      + t / 4                                        (the mean moving at a constant rate).

The (2, 1) mode goes through about 1.4 periods over t in [0, 1]. With flux data on every wall
the solution is fixed only through the initial data (the constant mode a + b t is pinned by
u and u_t at t = 0).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
c = 2
exact = (
    sp.cos(sp.pi * x) * sp.cos(sp.pi * y) * sp.cos(2 * sp.sqrt(2) * sp.pi * t)
    + sp.sin(sp.pi * t) * sp.cos(sp.pi * x / 2) / 2
    + t / 4
)

domain = Box(x=(0, 2), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="wave-neumann-rectangle-c2")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t, 2), c**2 * (U.diff(x, 2) + U.diff(y, 2))))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("velocity", sp.Eq(U.diff(t).subs(t, 0), exact.diff(t).subs(t, 0)))
problem.condition("wall-x0", sp.Eq(U.diff(x).subs(x, 0), 0))
problem.condition("wall-x2", sp.Eq(U.diff(x).subs(x, 2), 0))
problem.condition("wall-y0", sp.Eq(U.diff(y).subs(y, 0), 0))
problem.condition("wall-y1", sp.Eq(U.diff(y).subs(y, 1), 0))
problem.exact(exact)
