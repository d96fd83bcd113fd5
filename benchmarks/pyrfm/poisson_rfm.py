"""Poisson on the unit square, the random feature method paper's solution (benchmarks/vs_pyrfm.py).

Problem name: poisson-rfm. -(u_xx + u_yy) = f on [0, 1]^2, Dirichlet data on the four sides,
f and the data derived from the exact solution. The solution is Example 3.2 of Chen, Chi, E and
Yang (2022) as pyRFM's examples/Classic/Poisson-1.py encodes it (its ``frequency="low"``):
u = -F(x) F(y) with F(s) = 1.5 cos(pi s + 2 pi/5) + 2 cos(2 pi s - pi/5).
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")


def factor(s):
    """F(s) of the docstring."""
    pi = sp.pi
    return sp.Rational(3, 2) * sp.cos(pi * s + 2 * pi / 5) + 2 * sp.cos(2 * pi * s - pi / 5)


exact = -factor(x) * factor(y)

domain = Box(x=(0, 1), y=(0, 1))
template = Problem(u(x, y), domain, name="poisson-rfm")
template.equation("pde", sp.Eq(-(u(x, y).diff(x, 2) + u(x, y).diff(y, 2)), 0))
template.condition("x0", sp.Eq(u(0, y), 0))
template.condition("x1", sp.Eq(u(1, y), 0))
template.condition("y0", sp.Eq(u(x, 0), 0))
template.condition("y1", sp.Eq(u(x, 1), 0))
problem = template.manufactured(exact)
