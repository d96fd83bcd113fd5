"""Transport at constant speed: u_t + 1.5 u_x = 0 on x in [-1, 1], t in [0, 0.5].

Problem name: transport-constant. Inflow on x = -1.
Exact solution: u = 0.8 sin(2 (x - 1.5 t)) + 0.3 cos(5 (x - 1.5 t)).
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")


def g(s):
    return 0.8 * sp.sin(2 * s) + 0.3 * sp.cos(5 * s)


exact = g(x - 1.5 * t)

domain = Box(x=(-1, 1), t=(0, 0.5))
problem = Problem(u(x, t), domain, name="transport-constant")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + 1.5 * u(x, t).diff(x), 0))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("inflow", sp.Eq(u(-1, t), exact.subs(x, -1)))
problem.exact(exact)
