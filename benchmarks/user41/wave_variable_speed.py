"""1-D wave equation with a variable speed: u_tt = ((1 + x/2) u_x)_x + f on [0,1] x [0,2].

Fixed ends u(0, t) = u(1, t) = 0; u and u_t given at t = 0.
Exact (manufactured): u = sin(3 pi x) cos(5 t) + 0.5 sin(pi x) sin(2 t).
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
c2 = 1 + x / 2
exact = sp.sin(3 * sp.pi * x) * sp.cos(5 * t) + sp.sin(sp.pi * x) * sp.sin(2 * t) / 2

U = u(x, t)
op = lambda v: v.diff(t, 2) - sp.diff(c2 * v.diff(x), x)  # noqa: E731
problem = Problem(U, Box(x=(0, 1), t=(0, 2)), name="wave-variable-speed")
problem.equation("pde", sp.Eq(op(U), op(exact)))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("initial-velocity", sp.Eq(U.diff(t).subs(t, 0), exact.diff(t).subs(t, 0)))
problem.condition("left", sp.Eq(u(0, t), 0))
problem.condition("right", sp.Eq(u(1, t), 0))
problem.exact(exact)
