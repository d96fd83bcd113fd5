"""Klein-Gordon on a rectangle with two wave speeds, written as a user would:
u_tt = u_xx + 4 u_yy - u on [0, 1] x [0, 2], t in [0, 10], u = 0 on the edges."""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
w1 = sp.sqrt(sp.pi**2 + 4 * sp.pi**2 / 4 + 1)
w2 = sp.sqrt(4 * sp.pi**2 + 4 * sp.pi**2 + 1)
exact = (
    sp.sin(sp.pi * x) * sp.sin(sp.pi * y / 2) * sp.cos(w1 * t)
    + sp.sin(2 * sp.pi * x) * sp.sin(sp.pi * y) * sp.sin(w2 * t) / 4
)
problem = Problem(u(x, y, t), Box(x=(0, 1), y=(0, 2), t=(0, 10)), name="klein-gordon-2d")
U = u(x, y, t)
problem.equation("kg", sp.Eq(U.diff(t, 2), U.diff(x, 2) + 4 * U.diff(y, 2) - U))
problem.condition("initial", sp.Eq(U.subs(t, 0), exact.subs(t, 0)))
problem.condition("velocity", sp.Eq(U.diff(t).subs(t, 0), exact.diff(t).subs(t, 0)))
for side, value in [(x, 0), (x, 1), (y, 0), (y, 2)]:
    problem.condition(f"edge-{side}{value}", sp.Eq(U.subs(side, value), 0))
problem.exact(exact)
