"""Periodic transport: u_t + 1.3 u_x = 0 on x in [0, 1] (periodic), t in [0, 1].

Problem name: transport-periodic. The condition u(0, t) = u(1, t) replaces inflow data.
Exact solution: u = sin(2 pi (x - 1.3 t)) + 0.5 cos(4 pi (x - 1.3 t)).
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")


def g(s):
    return sp.sin(2 * sp.pi * s) + sp.cos(4 * sp.pi * s) / 2


exact = g(x - 1.3 * t)

domain = Box(x=(0, 1), t=(0, 1))
problem = Problem(u(x, t), domain, name="transport-periodic")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + 1.3 * u(x, t).diff(x), 0))
problem.condition("initial", sp.Eq(u(x, 0), g(x)))
problem.condition("periodic", sp.Eq(u(0, t) - u(1, t), 0))
problem.exact(exact)
