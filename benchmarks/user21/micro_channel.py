"""A dye pulse in a micro-channel, in SI units, written as a new user would.

    c_t + v c_x = D c_xx   on x in [0, 2 mm], t in [0, 20 ms],

v = 5 cm/s, D = 1e-8 m^2/s (Peclet number v L / D = 1e4): a Gaussian of width 0.1 mm starting
at 0.5 mm, carried 1 mm downstream while it spreads a little.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
c = sp.Function("c")
v, D, s0, x0 = (
    sp.Rational(5, 100),
    sp.Rational(1, 10**8),
    sp.Rational(1, 10**4),
    sp.Rational(5, 10**4),
)
var = s0**2 + 2 * D * t
exact = s0 / sp.sqrt(var) * sp.exp(-((x - x0 - v * t) ** 2) / (2 * var))

problem = Problem(
    c(x, t), Box(x=(0, sp.Rational(2, 1000)), t=(0, sp.Rational(2, 100))), name="micro-channel"
)
problem.equation("transport", sp.Eq(c(x, t).diff(t) + v * c(x, t).diff(x), D * c(x, t).diff(x, 2)))
problem.condition("initial", sp.Eq(c(x, 0), exact.subs(t, 0)))
problem.condition("inlet", sp.Eq(c(0, t), exact.subs(x, 0)))
problem.condition("outlet", sp.Eq(c(sp.Rational(2, 1000), t), exact.subs(x, sp.Rational(2, 1000))))
problem.exact(exact)
