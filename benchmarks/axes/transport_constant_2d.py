"""Transport in two space axes and time, constant velocity (0.8, -0.6), a unit speed.

    u_t + 0.8 u_x - 0.6 u_y = 0   on (x, y) in [0, 1]^2, t in [0, 1].

The flow enters through x = 0 and y = 1 (found by ``problem.inflow``) and carries a Gaussian
pulse from (0.3, 0.7) to (1.1, 0.1), out through x = 1 before the end, plus a slow plane wave so
that the inflow data are not negligible. Exact: u = g(x - 0.8 t, y + 0.6 t).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")


def g(px, py):
    pulse = sp.exp(-((px - 0.3) ** 2 + (py - 0.7) ** 2) / 0.15**2)
    return pulse + sp.sin(2 * px + py) / 2


exact = g(x - sp.Rational(4, 5) * t, y + sp.Rational(3, 5) * t)

domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="transport-constant-2d")
U = u(x, y, t)
problem.equation(
    "pde", sp.Eq(U.diff(t) + sp.Rational(4, 5) * U.diff(x) - sp.Rational(3, 5) * U.diff(y), 0)
)
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.inflow("inflow", sp.Eq(U, exact))
problem.exact(exact)
