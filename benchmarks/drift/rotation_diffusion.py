"""Solid-body rotation with diffusion: u_t - (y - 0.5) u_x + (x - 0.5) u_y = 0.005 lap u.

The heat kernel turning about (0.5, 0.5): rotation is rigid, so the solution is the spreading
Gaussian s0 / s(t) exp(-|x - c(t)|^2 / s(t)), s = s0 + 4 nu t, centred where (0.7, 0.5) has
turned to. Each face carries the exact solution.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
nu = sp.Rational(1, 200)
s0 = sp.Rational(1, 50)
s = s0 + 4 * nu * t
xr = sp.Rational(1, 2) + (x - sp.Rational(1, 2)) * sp.cos(t) + (y - sp.Rational(1, 2)) * sp.sin(t)
yr = sp.Rational(1, 2) - (x - sp.Rational(1, 2)) * sp.sin(t) + (y - sp.Rational(1, 2)) * sp.cos(t)
exact = s0 / s * sp.exp(-((xr - sp.Rational(7, 10)) ** 2 + (yr - sp.Rational(1, 2)) ** 2) / s)

domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="rotation-diffusion")
U = u(x, y, t)
pde = U.diff(t) - (y - sp.Rational(1, 2)) * U.diff(x) + (x - sp.Rational(1, 2)) * U.diff(y)
problem.equation("pde", sp.Eq(pde, nu * (U.diff(x, 2) + U.diff(y, 2))))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
for axis, value in [(x, 0), (x, 1), (y, 0), (y, 1)]:
    problem.condition(f"face-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value)))
problem.exact(exact)
