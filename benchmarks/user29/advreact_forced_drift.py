"""2-D advection-reaction with a source: a growing bump that drifts against the wind.

PDE:    u_t + 0.6 u_x - 0.4 u_y + 2 u = f   (f from the exact solution)
Domain: x, y in [0, 1], t in [0, 1]  (inflow faces x = 0 and y = 1)
Data:   u(x, y, 0) and the inflow (problem.inflow) from the exact solution.
Exact:  u = (1 + t) exp(-((x - 0.3 - 0.2 t)^2 + (y - 0.4 - 0.3 t)^2) / 0.04) + 0.1 x y
        (manufactured; the bump moves with velocity (0.2, 0.3), not with the wind).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
ax, ay, k = sp.Rational(3, 5), -sp.Rational(2, 5), 2
exact = (1 + t) * sp.exp(
    -((x - sp.Rational(3, 10) - t / 5) ** 2 + (y - sp.Rational(2, 5) - 3 * t / 10) ** 2)
    / sp.Rational(4, 100)
) + x * y / 10


def L(f):
    return f.diff(t) + ax * f.diff(x) + ay * f.diff(y) + k * f


domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="advreact-forced-drift")
U = u(x, y, t)
problem.equation("pde", sp.Eq(L(U), L(exact)))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.inflow("inflow", sp.Eq(U, exact))
problem.exact(exact)
