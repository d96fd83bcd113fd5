"""A plate at 0 whose edge x = 0 takes a unit heat flux from t = 0, its other three edges held
at 0 (u_t = u_xx + u_yy), over a short time, t in [0, 1/100]: plate_flux_cold's first
hundredth. No exact solution is declared: up to 1e-11 (the layer reaches the far edge x = 1 and
the two corners reach each other as exp(-1 / (4 t)), 1.4e-11 at the end), the solution is the
two corners' quarter-plane solutions less the flux's layer counted twice,
u = U(x, y, t) + U(x, 1 - y, t) - 2 sqrt(t) i erfc(x / (2 sqrt(t))), with
U = int_0^t exp(-x^2 / (4 s)) erf(y / (2 sqrt(s))) / sqrt(pi s) ds: see flux_corner_error.py."""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
U = u(x, y, t)
problem = Problem(U, Box(x=(0, 1), y=(0, 1), t=(0, sp.Rational(1, 100))), name="plate-flux-short")
problem.equation("pde", sp.Eq(U.diff(t), U.diff(x, 2) + U.diff(y, 2)))
problem.condition("initial", sp.Eq(u(x, y, 0), 0))
problem.condition("heated", sp.Eq(-U.diff(x).subs(x, 0), 1))
problem.condition("right", sp.Eq(u(1, y, t), 0))
problem.condition("bottom", sp.Eq(u(x, 0, t), 0))
problem.condition("top", sp.Eq(u(x, 1, t), 0))
