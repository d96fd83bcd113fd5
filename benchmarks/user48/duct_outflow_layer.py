"""Steady convection-diffusion in a duct at Peclet number 80: a thin layer at the outlet.

a T_x = D (T_xx + T_yy) on [0, 1] x [0, 1] m (no time), a = 0.8 m/s, D = 0.01 m^2/s,
Pe = a L / D = 80. T = sin(pi y) at the inlet x = 0, T = 0 at the outlet x = 1 and on the
walls y = 0, y = 1.
Exact: T = X(x) sin(pi y), X = A exp(l2 x) + B exp(l1 (x - 1)), with l1, l2 the roots of
D l^2 - a l - D pi^2 = 0 (l1 ~ 80: a layer of width ~ D / a = 1.25 cm at the outlet).
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
T = sp.Function("T")

a = sp.Rational(4, 5)  # m/s
D = sp.Rational(1, 100)  # m^2/s

root = sp.sqrt(a**2 + 4 * D**2 * sp.pi**2)
l1 = (a + root) / (2 * D)
l2 = (a - root) / (2 * D)
A = 1 / (1 - sp.exp(l2 - l1))
B = -A * sp.exp(l2)
exact = (A * sp.exp(l2 * x) + B * sp.exp(l1 * (x - 1))) * sp.sin(sp.pi * y)

domain = Box(x=(0, 1), y=(0, 1))
problem = Problem(T(x, y), domain, name="duct-outflow-layer")
problem.equation(
    "convection-diffusion",
    sp.Eq(a * T(x, y).diff(x), D * (T(x, y).diff(x, 2) + T(x, y).diff(y, 2))),
)
problem.condition("inlet", sp.Eq(T(0, y), sp.sin(sp.pi * y)))
problem.condition("outlet", sp.Eq(T(1, y), 0))
problem.condition("wall-bottom", sp.Eq(T(x, 0), 0))
problem.condition("wall-top", sp.Eq(T(x, 1), 0))
problem.exact(exact)
