"""-(k u')' = 1 through three layers written with Heaviside: k = 1, 10, 3; u(0) = u(1) = 0.

The flux k u' = c - x is continuous; u is piecewise quadratic, c from u(1) = 0.
"""

import sympy as sp

from pinnls import Box, Problem

x = sp.Symbol("x")
u = sp.Function("u")
third = sp.Rational(1, 3)
k = 1 + 9 * sp.Heaviside(x - third) - 7 * sp.Heaviside(x - 2 * third)
c = sp.Symbol("c")
pieces = [(0, third, 1), (third, 2 * third, 10), (2 * third, 1, 3)]
start, formulas = sp.Integer(0), []
for a, b, kk in pieces:
    formulas.append(start + (c * (x - a) - (x**2 - a**2) / 2) / kk)
    start = formulas[-1].subs(x, b)
c_value = sp.solve(start, c)[0]
exact = sp.Piecewise(
    (formulas[0].subs(c, c_value), x < third),
    (formulas[1].subs(c, c_value), x < 2 * third),
    (formulas[2].subs(c, c_value), True),
)
problem = Problem(u(x), Box(x=(0, 1)), name="three-layers")
problem.equation("pde", sp.Eq(-sp.diff(k * u(x).diff(x), x), 1))
problem.condition("left", sp.Eq(u(0), 0))
problem.condition("right", sp.Eq(u(1), 0))
problem.exact(exact)
