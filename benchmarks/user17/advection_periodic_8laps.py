"""Periodic advection over 8 laps: u_t + c u_x = 0 on s in [0, 1.5], periodic in s.

Speed c = 0.75, so one lap takes L / c = 2 time units; tau in [0, 16] is 8 laps.
Initial profile g(s) = sin(2 pi s / L) + 0.5 cos(4 pi s / L); exact solution g(s - c tau).
"""

import sympy as sp

from pinnls import Box, Problem

s, tau = sp.symbols("s tau")
u = sp.Function("u")
c = sp.Symbol("c")
L = sp.Rational(3, 2)


def g(z):
    return sp.sin(2 * sp.pi * z / L) + sp.cos(4 * sp.pi * z / L) / 2


domain = Box(s=(0, L), tau=(0, 16))
problem = Problem(
    u(s, tau), domain, name="advection-periodic-8laps", parameters={"c": 0.75}, time=tau
)
problem.equation("pde", sp.Eq(u(s, tau).diff(tau) + c * u(s, tau).diff(s), 0))
problem.condition("initial", sp.Eq(u(s, 0), g(s)))
problem.condition("periodic", sp.Eq(u(0, tau) - u(L, tau), 0))
problem.exact(g(s - c * tau))
