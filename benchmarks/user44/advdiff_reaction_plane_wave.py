"""2-D advection-diffusion with reaction: u_t + a . grad u = nu (u_xx + u_yy) - c u.

Domain: x in [0, 1], y in [0, 1], t in [0, 1]; a = (1, 0.5), nu = 0.005, c = 0.5.

Conditions: u given at t = 0 and on all four walls (Dirichlet, from the exact solution).

Exact solution: a plane wave with wave vector k = (4 pi, 6 pi) (2 periods across x, 3 across
y) travelling with the flow and decaying by diffusion and by the reaction:

    u = sin(k . (x - a t) + 0.3) exp(-(nu |k|^2 + c) t),   |k|^2 = 52 pi^2,

so the amplitude falls to exp(-(0.26 pi^2 + 0.5)) ~ 0.047 at t = 1.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
R = sp.Rational
ax, ay = 1, R(1, 2)
nu, c = R(1, 200), R(1, 2)
kx, ky = 4 * sp.pi, 6 * sp.pi
phase = kx * (x - ax * t) + ky * (y - ay * t) + R(3, 10)
exact = sp.sin(phase) * sp.exp(-(nu * (kx**2 + ky**2) + c) * t)

domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="advdiff-reaction-plane-wave")
U = u(x, y, t)
lhs = U.diff(t) + ax * U.diff(x) + ay * U.diff(y)
problem.equation("pde", sp.Eq(lhs, nu * (U.diff(x, 2) + U.diff(y, 2)) - c * U))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
for axis, value in [(x, 0), (x, 1), (y, 0), (y, 1)]:
    problem.condition(f"wall-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value)))
problem.exact(exact)
