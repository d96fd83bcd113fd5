"""A decaying pollutant in a shallow lake: u_t + a . grad u - D Δu + k u = f (manufactured).

Drift a = (0.3, 0.1) m/s from the wind, diffusivity D = 0.02 m^2/s, first-order decay
k = 0.5 1/s, and a source f(x, y, t) chosen so that the exact solution below holds.

Domain: x in [0, 2] m, y in [0, 1] m, t in [0, 1] s.

Conditions: u at t = 0 and u on all four sides (Dirichlet), all the exact solution's.

Exact solution (manufactured):

    u = exp(-0.2 t) (1 + 0.5 sin(pi x / 2) cos(pi y / 2)) + 0.1 x y t.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
R = sp.Rational
ax, ay, D, k = R(3, 10), R(1, 10), R(1, 50), R(1, 2)

exact = sp.exp(-t / 5) * (1 + sp.sin(sp.pi * x / 2) * sp.cos(sp.pi * y / 2) / 2) + x * y * t / 10


def operator(w):
    return w.diff(t) + ax * w.diff(x) + ay * w.diff(y) - D * (w.diff(x, 2) + w.diff(y, 2)) + k * w


source = sp.simplify(operator(exact))

domain = Box(x=(0, 2), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="adr-lake-decay-source")
problem.equation("pde", sp.Eq(operator(u(x, y, t)), source))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
for axis, value in [(x, 0), (x, 2), (y, 0), (y, 1)]:
    problem.condition(
        f"side-{axis}{value}", sp.Eq(u(x, y, t).subs(axis, value), exact.subs(axis, value))
    )
problem.exact(exact)
