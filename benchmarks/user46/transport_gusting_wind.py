"""A tracer puff carried by a gusting wind: u_t + U(t) u_x + V u_y = 0.

Domain: a 2.5 m x 1 m channel, x in [0, 2.5], y in [0, 1], over t in [0, 3] s.
Wind: U(t) = 0.5 + 0.2 sin(2 pi t / 1.5) m/s along the channel (gusts with a 1.5 s period,
never reversing), V = 0.1 m/s across it.

Conditions: the puff's concentration at t = 0, and the concentration where the wind enters
(problem.inflow: x = 0 and y = 0). All data are the exact solution's.

Exact solution: the initial Gaussian puff translated along the wind's path
X(t) = 0.5 t + (0.3 / pi) (1 - cos(2 pi t / 1.5)), Y(t) = 0.1 t:

    u = exp(-((x - 0.5 - X(t))^2 + (y - 0.35 - Y(t))^2) / 0.02).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
R = sp.Rational
U = R(1, 2) + R(1, 5) * sp.sin(2 * sp.pi * t / R(3, 2))
V = R(1, 10)
X = sp.integrate(U, (t, 0, t))  # distance travelled along x
Y = V * t
exact = sp.exp(-((x - R(1, 2) - X) ** 2 + (y - R(35, 100) - Y) ** 2) / R(2, 100))

domain = Box(x=(0, R(5, 2)), y=(0, 1), t=(0, 3))
problem = Problem(u(x, y, t), domain, name="transport-gusting-wind")
c = u(x, y, t)
problem.equation("pde", sp.Eq(c.diff(t) + U * c.diff(x) + V * c.diff(y), 0))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.inflow("inflow", sp.Eq(c, exact))
problem.exact(exact)
