"""Advection-diffusion-reaction: u_t + 0.6 u_x - 0.4 u_y + 0.5 u = 0.005 lap u, a decaying pulse."""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
nu = sp.Rational(1, 200)
s0 = sp.Rational(1, 40)
s = s0 + 4 * nu * t
cx = sp.Rational(3, 10) + sp.Rational(3, 5) * t
cy = sp.Rational(7, 10) - sp.Rational(2, 5) * t
exact = s0 / s * sp.exp(-((x - cx) ** 2 + (y - cy) ** 2) / s - t / 2)
problem = Problem(u(x, y, t), Box(x=(0, 1), y=(0, 1), t=(0, 1)), name="adr-2d")
U = u(x, y, t)
lhs = U.diff(t) + sp.Rational(3, 5) * U.diff(x) - sp.Rational(2, 5) * U.diff(y) + U / 2
problem.equation("pde", sp.Eq(lhs, nu * (U.diff(x, 2) + U.diff(y, 2))))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
for axis, value in [(x, 0), (x, 1), (y, 0), (y, 1)]:
    problem.condition(f"side-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value)))
problem.exact(exact)
