"""Poisson in one axis: -u'' = 9 sin(3 x) - 1 on x in [-1, 2], Dirichlet at both ends.

Problem name: poisson-1d.
Exact solution: u = sin(3 x) + 0.5 x^2.
"""

import sympy as sp

from pinnls import Box, Problem

x = sp.symbols("x")
u = sp.Function("u")

exact = sp.sin(3 * x) + x**2 / 2

domain = Box(x=(-1, 2))
problem = Problem(u(x), domain, name="poisson-1d")
problem.equation("pde", sp.Eq(-u(x).diff(x, 2), 9 * sp.sin(3 * x) - 1))
problem.condition("left", sp.Eq(u(-1), exact.subs(x, -1)))
problem.condition("right", sp.Eq(u(2), exact.subs(x, 2)))
problem.exact(exact)
