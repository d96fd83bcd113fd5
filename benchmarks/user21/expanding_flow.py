"""A blob carried by a flow that spreads out from the corner: u_t + x u_x + y u_y = 0.

On [0, 1]^2 x [0, 1] the flow is zero on x = 0 and y = 0 and leaves through x = 1 and y = 1,
so only the initial state is given. Along the characteristics x e^-t and y e^-t are constant.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
X, Y = x * sp.exp(-t), y * sp.exp(-t)
exact = sp.exp(-((X - sp.Rational(3, 10)) ** 2 + (Y - sp.Rational(1, 4)) ** 2) / sp.Rational(1, 50))

problem = Problem(u(x, y, t), Box(x=(0, 1), y=(0, 1), t=(0, 1)), name="expanding-flow")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t) + x * U.diff(x) + y * U.diff(y), 0))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.exact(exact)
