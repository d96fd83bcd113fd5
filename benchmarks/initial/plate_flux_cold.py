"""A plate at 0 whose edge x = 0 takes a unit heat flux from t = 0, its other three edges held
at 0 (u_t = u_xx + u_yy; no closed form). The flux face's layer meets the faces y = 0 and
y = 1, whose data (0) do not meet the flux: u_x = 0 along them against -u_x = 1 on x = 0, a
logarithm at the corners (Im(z log z) as t grows) that pinnls does not read."""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
U = u(x, y, t)
problem = Problem(U, Box(x=(0, 1), y=(0, 1), t=(0, sp.Rational(1, 2))), name="plate-flux-cold")
problem.equation("pde", sp.Eq(U.diff(t), U.diff(x, 2) + U.diff(y, 2)))
problem.condition("initial", sp.Eq(u(x, y, 0), 0))
problem.condition("heated", sp.Eq(-U.diff(x).subs(x, 0), 1))
problem.condition("right", sp.Eq(u(1, y, t), 0))
problem.condition("bottom", sp.Eq(u(x, 0, t), 0))
problem.condition("top", sp.Eq(u(x, 1, t), 0))
