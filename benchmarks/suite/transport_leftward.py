"""Leftward transport: u_t - 0.7 u_x = 0 on [0, 1] x [0, 1.5], inflow on the right face x = 1.

Problem name: transport-leftward. A Gaussian pulse enters through x = 1 and crosses the domain.
Exact solution: u = 0.5 + exp(-((x + 0.7 t - 1.2) / 0.25)^2).
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")


def g(s):
    return sp.Rational(1, 2) + sp.exp(-(((s - 1.2) / 0.25) ** 2))


exact = g(x + 0.7 * t)

domain = Box(x=(0, 1), t=(0, 1.5))
problem = Problem(u(x, t), domain, name="transport-leftward")
problem.equation("pde", sp.Eq(u(x, t).diff(t) - 0.7 * u(x, t).diff(x), 0))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("inflow", sp.Eq(u(1, t), exact.subs(x, 1)))
problem.exact(exact)
