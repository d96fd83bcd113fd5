"""A pulse crossing a square diagonally, the wave equation in 2-D, written as a user would:
u_tt = u_xx + u_yy on [0, 2]^2 over t in [0, 1.5], the pulse's own values on the walls."""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
s = (x + y) / sp.sqrt(2) - t - sp.Rational(1, 2)
exact = sp.exp(-(s**2) / sp.Rational(8, 100))
problem = Problem(u(x, y, t), Box(x=(0, 2), y=(0, 2), t=(0, sp.Rational(3, 2))), name="pulse")
U = u(x, y, t)
problem.equation("wave", sp.Eq(U.diff(t, 2), U.diff(x, 2) + U.diff(y, 2)))
problem.condition("start", sp.Eq(U.subs(t, 0), exact.subs(t, 0)))
problem.condition("start-velocity", sp.Eq(U.diff(t).subs(t, 0), exact.diff(t).subs(t, 0)))
for side, value in [(x, 0), (x, 2), (y, 0), (y, 2)]:
    problem.condition(f"wall-{side}{value}", sp.Eq(U.subs(side, value), exact.subs(side, value)))
problem.exact(exact)
