"""Sound in a closed box, the wave equation in three space axes and time, written as a user
would: u_tt = u_xx + u_yy + u_zz on [0, 1]^3 over t in [0, 2], u = 0 on the walls, two
standing modes (one from the initial velocity)."""

import sympy as sp

from pinnls import Box, Problem

x, y, z, t = sp.symbols("x y z t")
u = sp.Function("u")
w1, w2 = sp.sqrt(3) * sp.pi, sp.sqrt(6) * sp.pi
exact = (
    sp.sin(sp.pi * x) * sp.sin(sp.pi * y) * sp.sin(sp.pi * z) * sp.cos(w1 * t)
    + sp.sin(2 * sp.pi * x) * sp.sin(sp.pi * y) * sp.sin(sp.pi * z) * sp.sin(w2 * t) / 3
)
problem = Problem(u(x, y, z, t), Box(x=(0, 1), y=(0, 1), z=(0, 1), t=(0, 2)), name="wave-3d")
U = u(x, y, z, t)
problem.equation("wave", sp.Eq(U.diff(t, 2), U.diff(x, 2) + U.diff(y, 2) + U.diff(z, 2)))
problem.condition("initial", sp.Eq(U.subs(t, 0), exact.subs(t, 0)))
problem.condition("velocity", sp.Eq(U.diff(t).subs(t, 0), exact.diff(t).subs(t, 0)))
for side in (x, y, z):
    for value in (0, 1):
        problem.condition(f"wall-{side}{value}", sp.Eq(U.subs(side, value), 0))
problem.exact(exact)
