"""A plate at 0 whose edge x = 0 takes a heat flux 1 + y/2 from t = 0 (u_t = u_xx + u_yy):
a flux that varies along the face and disagrees with the initial data's derivative (0) along
the edge x = t = 0. The other three edges are held at the exact values.

Exact: u = (1 + y / 2) G(x, t), G the rod's 2 sqrt(t) i erfc(x / (2 sqrt(t))) (a linear
function of y times a solution in (x, t) solves the equation)."""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
G = 2 * sp.sqrt(t / sp.pi) * sp.exp(-(x**2) / (4 * t)) - x * sp.erfc(x / (2 * sp.sqrt(t)))
exact = (1 + y / 2) * G

U = u(x, y, t)
problem = Problem(U, Box(x=(0, 1), y=(0, 1), t=(0, sp.Rational(1, 2))), name="plate-flux")
problem.equation("pde", sp.Eq(U.diff(t), U.diff(x, 2) + U.diff(y, 2)))
problem.condition("initial", sp.Eq(u(x, y, 0), 0))
problem.condition("heated", sp.Eq(-U.diff(x).subs(x, 0), 1 + y / 2))
problem.condition("right", sp.Eq(u(1, y, t), exact.subs(x, 1)))
problem.condition("bottom", sp.Eq(u(x, 0, t), exact.subs(y, 0)))
problem.condition("top", sp.Eq(u(x, 1, t), exact.subs(y, 1)))
problem.exact(exact)
