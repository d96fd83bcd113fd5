"""1-D heat with a source on a long rod: u_t = kappa u_xx + f(x, t).

Domain: x in [0, 10], t in [0, 2]; kappa = 0.1.

Conditions: u given at t = 0 and at both ends x = 0 and x = 10 (Dirichlet, from the exact
solution: the Gaussians' tails there, at most 8.8e-4, at x = 10 and t = 0).

Exact solution (manufactured; f = u_t - kappa u_xx is derived from it): two Gaussians of fixed
widths drifting slowly towards each other, one growing and one shrinking:

    u = exp(-(x - 3 - 0.5 t)^2 / (2 * 0.6^2))
      + (1 - 0.2 t) exp(-(x - 7 + 0.3 t)^2 / (2 * 0.8^2)).
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
R = sp.Rational
kappa = R(1, 10)
g1 = sp.exp(-((x - 3 - t / 2) ** 2) / (2 * R(3, 5) ** 2))
g2 = (1 - t / 5) * sp.exp(-((x - 7 + 3 * t / 10) ** 2) / (2 * R(4, 5) ** 2))
exact = g1 + g2
source = exact.diff(t) - kappa * exact.diff(x, 2)

domain = Box(x=(0, 10), t=(0, 2))
problem = Problem(u(x, t), domain, name="heat-long-two-gaussians")
U = u(x, t)
problem.equation("pde", sp.Eq(U.diff(t), kappa * U.diff(x, 2) + source))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("left", sp.Eq(u(0, t), exact.subs(x, 0)))
problem.condition("right", sp.Eq(u(10, t), exact.subs(x, 10)))
problem.exact(exact)
