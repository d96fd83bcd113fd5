"""Poisson on an elongated ellipse (a 48-gon, semi-axes 3 and 0.6), rational solution.

-lap u = f, exact u = 1 / (1 + (x - 1)^2 + 4 y^2) + cos(x / 2) ; Dirichlet on the rim.
"""

import math

import sympy as sp

from pinnls import Polygon, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
n = 48
ellipse = Polygon(
    [(3 * math.cos(2 * math.pi * i / n), 0.6 * math.sin(2 * math.pi * i / n)) for i in range(n)]
)
exact = 1 / (1 + (x - 1) ** 2 + 4 * y**2) + sp.cos(x / 2)

problem = Problem(u(x, y), ellipse, name="ellipse-poisson")
U = u(x, y)
problem.equation("pde", sp.Eq(-U.diff(x, 2) - U.diff(y, 2), 0))
problem.condition("rim", sp.Eq(U, 0), on=ellipse.boundary)
problem = problem.manufactured(exact)
