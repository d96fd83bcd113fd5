"""1-D transport of a Gaussian pulse with a speed that grows along the pipe, a(x) = 1 + x^2.

PDE:    u_t + (1 + x^2) u_x = 0
Domain: x in [0, 1.5], t in [0, 1]  (the pulse speeds up from 1.1 to over 3 and leaves at x = 1.5)
Data:   u(x, 0) = g(x); inflow at x = 0: u(0, t) = g(-tan t).
        g(s) = exp(-((s - 0.3) / 0.1)^2).
Exact:  along a characteristic arctan(x) - t is constant, so u = g(tan(arctan(x) - t))
        (arctan(x) - t stays in (-pi/2, pi/2) on the domain, so tan is smooth there).
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")


def g(s):
    return sp.exp(-(((s - sp.Rational(3, 10)) / sp.Rational(1, 10)) ** 2))


exact = g(sp.tan(sp.atan(x) - t))

domain = Box(x=(0, sp.Rational(3, 2)), t=(0, 1))
problem = Problem(u(x, t), domain, name="transport-arctan-speed")
U = u(x, t)
problem.equation("pde", sp.Eq(U.diff(t) + (1 + x**2) * U.diff(x), 0))
problem.condition("initial", sp.Eq(u(x, 0), g(x)))
problem.condition("inflow", sp.Eq(u(0, t), g(-sp.tan(t))))
problem.exact(exact)
