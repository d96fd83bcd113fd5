"""A rod at 1 cooled from t = 0 through a convective left end into surroundings at 0 (u_t =
u_xx, -u_x + h u = 0 at x = 0, h = 2): the face's data (0) and the initial data's
``h u_0 - u_0'`` (2) disagree at the corner (x, t) = (0, 0). The right end is held at the
semi-infinite rod's value there.

Exact: u = 1 - erfc(z) + exp(h x + h^2 t) erfc(z + h sqrt(t)), z = x / (2 sqrt(t)) (Carslaw
and Jaeger section 2.7)."""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
h = 2
z = x / (2 * sp.sqrt(t))
exact = 1 - sp.erfc(z) + sp.exp(h * x + h**2 * t) * sp.erfc(z + h * sp.sqrt(t))

problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="rod-convective")
problem.equation("pde", sp.Eq(u(x, t).diff(t), u(x, t).diff(x, 2)))
problem.condition("initial", sp.Eq(u(x, 0), 1))
problem.condition("cooled", sp.Eq(-u(x, t).diff(x).subs(x, 0) + h * u(0, t), 0))
problem.condition("right", sp.Eq(u(1, t), exact.subs(x, 1)))
problem.exact(exact)
