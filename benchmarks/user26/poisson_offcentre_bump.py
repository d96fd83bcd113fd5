"""-Δu = f on [0, 2] x [0, 1] with a narrow Gaussian bump away from the centre.

Exact solution u = exp(-((x - 1.45)^2 + (y - 0.35)^2) / 0.15^2); f = -(u_xx + u_yy) is
computed from it, and u is given on all four sides (tiny there, but not zero).
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")

exact = sp.exp(-((x - 1.45) ** 2 + (y - 0.35) ** 2) / 0.15**2)
f = -(exact.diff(x, 2) + exact.diff(y, 2))

domain = Box(x=(0, 2), y=(0, 1))
problem = Problem(u(x, y), domain, name="poisson-offcentre-bump")
problem.equation("pde", sp.Eq(-u(x, y).diff(x, 2) - u(x, y).diff(y, 2), f))
for axis, value in [(x, 0), (x, 2), (y, 0), (y, 1)]:
    problem.condition(
        f"wall-{axis}{value}", sp.Eq(u(x, y).subs(axis, value), exact.subs(axis, value))
    )
problem.exact(exact)
