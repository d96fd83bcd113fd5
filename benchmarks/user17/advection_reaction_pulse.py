"""A Gaussian pulse entering a decaying channel: u_t + a u_x = -r u on x in [0, 4], t in [0, 15].

a = 0.8, r = 0.3. The inflow at x = 0 is a pulse h(t) = exp(-((t - 6) / 0.5)^2) that arrives
around t = 6, crosses the channel in 5 time units and decays on the way.
Exact solution exp(-r x / a) h(t - x / a); the initial data is its (tiny) value at t = 0.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
a, r = sp.symbols("a r")


def h(s):
    return sp.exp(-(((s - 6) / sp.Rational(1, 2)) ** 2))


exact = sp.exp(-r * x / a) * h(t - x / a)

domain = Box(x=(0, 4), t=(0, 15))
problem = Problem(u(x, t), domain, name="advection-reaction-pulse", parameters={"a": 0.8, "r": 0.3})
problem.equation("pde", sp.Eq(u(x, t).diff(t) + a * u(x, t).diff(x), -r * u(x, t)))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.inflow("inflow", sp.Eq(u(x, t), exact))
problem.exact(exact)
