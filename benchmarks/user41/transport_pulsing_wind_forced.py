"""2-D transport in a uniform wind whose speed pulses in time, with a source.

u_t + a(t) u_x + b(t) u_y = f on [0,1]^2 x [0,1], a(t) = 0.5 + 0.4 sin(4 pi t),
b(t) = 0.3 + 0.3 cos(2 pi t). Exact: a Gaussian (width 0.12) carried with the wind,
u = g(x - A(t), y - B(t)) with A' = a, B' = b, plus a small forced part 0.2 t sin(pi x) sin(pi y).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
a = sp.Rational(1, 2) + sp.Rational(2, 5) * sp.sin(4 * sp.pi * t)
b = sp.Rational(3, 10) + sp.Rational(3, 10) * sp.cos(2 * sp.pi * t)
A = sp.integrate(a, (t, 0, t))
B = sp.integrate(b, (t, 0, t))
w = sp.Rational(3, 25)
pulse = sp.exp(-((x - sp.Rational(1, 4) - A) ** 2 + (y - sp.Rational(1, 4) - B) ** 2) / w**2)
extra = sp.Rational(1, 5) * t * sp.sin(sp.pi * x) * sp.sin(sp.pi * y)
exact = pulse + extra

U = u(x, y, t)
op = lambda v: v.diff(t) + a * v.diff(x) + b * v.diff(y)  # noqa: E731
domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem(U, domain, name="transport-pulsing-wind-forced")
problem.equation("pde", sp.Eq(op(U), op(extra)))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.inflow("inflow", sp.Eq(U, exact))
problem.exact(exact)
