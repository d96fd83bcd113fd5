"""Heat on a long L-shaped plate (bounding box [0, 6] x [0, 2]) over t in [0, 1].

u_t = 0.2 lap u + f; exact u = exp(-t) exp(-((x - 2 + t)^2 + (y - 0.25)^2) / 0.3) + 0.1 x / (1 +
y) ;
Dirichlet on the whole boundary.
"""

import sympy as sp

from pinnls import Box, Polygon, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
plate = Polygon([(0, 0), (6, 0), (6, 0.5), (1, 0.5), (1, 2), (0, 2)]) * Box(t=(0, 1))
exact = sp.exp(-t) * sp.exp(-((x - 2 + t) ** 2 + (y - 0.25) ** 2) / 0.3) + x / (10 * (1 + y))

problem = Problem(u(x, y, t), plate, name="lshape-long-heat")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t) - sp.Rational(1, 5) * (U.diff(x, 2) + U.diff(y, 2)), 0))
problem.condition("initial", sp.Eq(u(x, y, 0), 0))
problem.condition("walls", sp.Eq(U, 0), on=plate.boundary)
problem = problem.manufactured(exact)
