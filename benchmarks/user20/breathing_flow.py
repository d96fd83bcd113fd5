"""A pulse carried by a flow that changes direction in time, written as a new user would.

    u_t + cos(pi t) u_x + sin(pi t) u_y = 0   on [0, 1]^2, t in [0, 1],

the velocity turns a quarter circle and back; a Gaussian pulse of width 0.12 starts at
(0.3, 0.35) and follows the path X(t) = (0.3 + sin(pi t) / pi, 0.35 + (1 - cos(pi t)) / pi).
The data come in on the sides where the flow enters; the exact solution gives them.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
cx = sp.Rational(3, 10) + sp.sin(sp.pi * t) / sp.pi
cy = sp.Rational(7, 20) + (1 - sp.cos(sp.pi * t)) / sp.pi
exact = sp.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * sp.Rational(12, 100) ** 2))

U = u(x, y, t)
problem = Problem(U, Box(x=(0, 1), y=(0, 1), t=(0, 1)), name="breathing-flow")
problem.equation(
    "pde", sp.Eq(U.diff(t) + sp.cos(sp.pi * t) * U.diff(x) + sp.sin(sp.pi * t) * U.diff(y), 0)
)
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.inflow("inflow", sp.Eq(U, exact))
problem.exact(exact)
