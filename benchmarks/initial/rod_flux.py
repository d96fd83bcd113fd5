"""A rod at 0 whose left end takes a unit heat flux from t = 0 (u_t = u_xx, -u_x(0, t) = 1):
the face's data on the derivative and the initial data's derivative (0) disagree at the corner
(x, t) = (0, 0). The right end is held at the semi-infinite rod's value there.

Exact: u = 2 sqrt(t / pi) exp(-x^2 / (4 t)) - x erfc(x / (2 sqrt(t))) = 2 sqrt(t) i erfc(x /
(2 sqrt(t))), Carslaw and Jaeger section 2.9."""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
exact = 2 * sp.sqrt(t / sp.pi) * sp.exp(-(x**2) / (4 * t)) - x * sp.erfc(x / (2 * sp.sqrt(t)))

problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="rod-flux")
problem.equation("pde", sp.Eq(u(x, t).diff(t), u(x, t).diff(x, 2)))
problem.condition("initial", sp.Eq(u(x, 0), 0))
problem.condition("heated", sp.Eq(-u(x, t).diff(x).subs(x, 0), 1))
problem.condition("right", sp.Eq(u(1, t), exact.subs(x, 1)))
problem.exact(exact)
