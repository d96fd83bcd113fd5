"""1-D advection-diffusion of a narrow pulse with Danckwerts inflow and Robin outflow conditions.

PDE:    u_t + u_x = 0.01 u_xx
Domain: x in [0, 1], t in [0, 1]  (the pulse leaves through x = 1)
Data:   u(x, 0); Danckwerts at x = 0: u - 0.01 u_x = g0(t); Robin at x = 1: u_x + 3 u = g1(t),
        both from the exact solution.
Exact:  u = (s0 / s(t)) exp(-(x - 0.2 - t)^2 / s(t)^2), s(t)^2 = s0^2 + 0.04 t, s0 = 0.05.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
D = sp.Rational(1, 100)
s0 = sp.Rational(5, 100)
s2 = s0**2 + 4 * D * t
exact = s0 / sp.sqrt(s2) * sp.exp(-((x - sp.Rational(1, 5) - t) ** 2) / s2)

domain = Box(x=(0, 1), t=(0, 1))
problem = Problem(u(x, t), domain, name="advdiff-danckwerts-1d")
U = u(x, t)
problem.equation("pde", sp.Eq(U.diff(t) + U.diff(x), D * U.diff(x, 2)))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
ux = exact.diff(x)
problem.condition(
    "danckwerts", sp.Eq(u(0, t) - D * U.diff(x).subs(x, 0), (exact - D * ux).subs(x, 0))
)
problem.condition("robin", sp.Eq(U.diff(x).subs(x, 1) + 3 * u(1, t), (ux + 3 * exact).subs(x, 1)))
problem.exact(exact)
