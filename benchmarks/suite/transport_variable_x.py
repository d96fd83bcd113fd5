"""Transport with a speed that grows in x: u_t + (1 + x) u_x = 0 on x in [0, 1.5], t in [0, 1].

Problem name: transport-variable-x. Inflow on x = 0. Along characteristics (1 + x) e^-t is
constant, so with s = (1 + x) e^-t - 1 (the foot of the characteristic):
Exact solution: u = sin(2 s) + 0.5 + 0.4 s^2.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")


def g(s):
    return sp.sin(2 * s) + sp.Rational(1, 2) + sp.Rational(2, 5) * s**2


exact = g((1 + x) * sp.exp(-t) - 1)

domain = Box(x=(0, 1.5), t=(0, 1))
problem = Problem(u(x, t), domain, name="transport-variable-x")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + (1 + x) * u(x, t).diff(x), 0))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("inflow", sp.Eq(u(0, t), exact.subs(x, 0)))
problem.exact(exact)
