"""2-D damped wave (telegraph equation) with a source: u_tt + 1/2 u_t = c^2 (u_xx + u_yy) + f.

Domain: x in [0, 1], y in [0, 1], t in [0, 1]; wave speed c = 1, damping 1/2.

Conditions: u and u_t given at t = 0; u given on the four sides (Dirichlet). All data are the
exact solution's.

Exact solution (manufactured, the source f = u_tt + u_t / 2 - c^2 (u_xx + u_yy) is derived
from it): the (1, 1) mode of the square oscillating one full cycle over t in [0, 1], plus a
part growing quadratically in time that does not vanish on the sides:

    u = sin(pi x) sin(pi y) cos(2 pi t) + (x + y) t^2 / 2.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
R = sp.Rational
c = 1
damping = R(1, 2)
exact = sp.sin(sp.pi * x) * sp.sin(sp.pi * y) * sp.cos(2 * sp.pi * t) + (x + y) * t**2 / 2


def operator(w):
    """u_tt + damping u_t - c^2 (u_xx + u_yy), applied to w."""
    return w.diff(t, 2) + damping * w.diff(t) - c**2 * (w.diff(x, 2) + w.diff(y, 2))


domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="telegraph-2d-forced")
U = u(x, y, t)
problem.equation("pde", sp.Eq(operator(U), operator(exact)))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("velocity", sp.Eq(U.diff(t).subs(t, 0), exact.diff(t).subs(t, 0)))
for axis in (x, y):
    for value in (0, 1):
        problem.condition(
            f"side-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value))
        )
problem.exact(exact)
