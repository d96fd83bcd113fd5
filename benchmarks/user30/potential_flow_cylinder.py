"""A tracer carried by potential flow around a cylinder (steady transport, variable velocity).

PDE:    a . grad u = 0, a = (1 - R^2 (x^2 - y^2) / r^4, -2 R^2 x y / r^4), r^2 = x^2 + y^2,
        R = 0.5 (uniform flow past a cylinder)
Domain: Box(x in [-2, 2], y in [-1, 1]) minus Disk(center (0, 0), radius 0.5)
Data:   inflow (a.n < 0: the left edge and the parts of the top and bottom edges where the
        flow dips in, x > 0) from the exact solution, via problem.inflow.
Exact:  u = G(psi), psi = y (1 - R^2 / r^2) the stream function,
        G(s) = exp(-((s - 0.25) / 0.12)^2) + 0.3 sin(3 s).

Why it may be hard: the velocity is not constant (no aligned plane features), it vanishes
at the two stagnation points on the rim (0.5, 0) and (-0.5, 0), the rim is a streamline
(a.n = 0, inflow and outflow meet there), and the level sets of u bend around the hole.
"""

import sympy as sp

from pinnls import Box, Disk, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
R2 = sp.Rational(1, 4)
r2 = x**2 + y**2
ax = 1 - R2 * (x**2 - y**2) / r2**2
ay = -2 * R2 * x * y / r2**2
psi = y * (1 - R2 / r2)
exact = sp.exp(-(((psi - sp.Rational(1, 4)) / sp.Rational(12, 100)) ** 2)) + sp.Rational(
    3, 10
) * sp.sin(3 * psi)

plate = Box(x=(-2, 2), y=(-1, 1)) - Disk(center=(0, 0), radius=0.5)
problem = Problem(u(x, y), plate, name="potential-flow-cylinder")
U = u(x, y)
problem.equation("pde", sp.Eq(ax * U.diff(x) + ay * U.diff(y), 0))
problem.inflow("inflow", sp.Eq(U, exact))
problem.exact(exact)
