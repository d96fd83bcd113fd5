"""Transport with a decay rate that varies in space: u_t + a . grad u + k(x, y) u = 0.

PDE:    u_t + 0.8 u_x + 0.4 u_y + k(x, y) u = 0, k = 1 + 0.8 sin(pi x) cos(pi y)
        (a pollutant that decays faster in some regions of the square than in others).
Domain: [0, 1]^2 x t in [0, 1].
Data:   u(x, y, 0) = g(x, y) = exp(-((x - 0.3)^2 + (y - 0.3)^2) / 0.12^2); the exact
        solution where the flow enters (problem.inflow: x = 0 and y = 0).
Exact:  along each characteristic the pulse decays by the integral of k:
        u = g(x - 0.8 t, y - 0.4 t) exp(-I), I = int_0^t k(x - 0.8 s, y - 0.4 s) ds,
        = t + 0.4 [(cos(pi(x + y - 1.2 t)) - cos(pi(x + y))) / (1.2 pi)
              + (cos(pi(x - y - 0.4 t)) - cos(pi(x - y))) / (0.4 pi)].
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

a, b = sp.Rational(4, 5), sp.Rational(2, 5)
k = 1 + sp.Rational(4, 5) * sp.sin(sp.pi * x) * sp.cos(sp.pi * y)
# sin(pi X) cos(pi Y) = (sin(pi (X + Y)) + sin(pi (X - Y))) / 2, integrated along the path.
sum_, diff_ = x + y, x - y
integral = t + sp.Rational(2, 5) * (
    (sp.cos(sp.pi * (sum_ - (a + b) * t)) - sp.cos(sp.pi * sum_)) / (sp.pi * (a + b))
    + (sp.cos(sp.pi * (diff_ - (a - b) * t)) - sp.cos(sp.pi * diff_)) / (sp.pi * (a - b))
)


def g(px, py):
    return sp.exp(
        -((px - sp.Rational(3, 10)) ** 2 + (py - sp.Rational(3, 10)) ** 2)
        / sp.Rational(12, 100) ** 2
    )


exact = g(x - a * t, y - b * t) * sp.exp(-integral)

domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="variable-decay")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t) + a * U.diff(x) + b * U.diff(y) + k * U, 0))
problem.condition("initial", sp.Eq(u(x, y, 0), g(x, y)))
problem.inflow("inflow", sp.Eq(U, exact))
problem.exact(exact)
