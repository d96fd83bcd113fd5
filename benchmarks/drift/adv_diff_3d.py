"""Advection-diffusion in three space axes and time: the moving heat kernel.

u_t + u_x + 0.5 u_y - 0.5 u_z = 0.01 lap u on [0, 1]^3 x [0, 0.5], Dirichlet data on the sides.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z, t = sp.symbols("x y z t")
u = sp.Function("u")
nu = sp.Rational(1, 100)
s0 = sp.Rational(1, 20)
s = s0 + 4 * nu * t
half = sp.Rational(1, 2)
r2 = (x - sp.Rational(3, 10) - t) ** 2 + (y - sp.Rational(3, 10) - t / 2) ** 2
r2 += (z - sp.Rational(7, 10) + t / 2) ** 2
exact = (s0 / s) ** sp.Rational(3, 2) * sp.exp(-r2 / s)
problem = Problem(u(x, y, z, t), Box(x=(0, 1), y=(0, 1), z=(0, 1), t=(0, half)), name="ad-3d")
U = u(x, y, z, t)
lhs = U.diff(t) + U.diff(x) + half * U.diff(y) - half * U.diff(z)
problem.equation("pde", sp.Eq(lhs, nu * (U.diff(x, 2) + U.diff(y, 2) + U.diff(z, 2))))
problem.condition("initial", sp.Eq(u(x, y, z, 0), exact.subs(t, 0)))
for axis in (x, y, z):
    for value in (0, 1):
        problem.condition(
            f"side-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value))
        )
problem.exact(exact)
