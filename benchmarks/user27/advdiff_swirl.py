"""2-D advection-diffusion with a space-dependent velocity, manufactured solution.

u_t + a(x, y) . grad u = nu lap u + f on [0, 1.5] x [0, 1] x [0, 1], nu = 0.02,
a = (1 + 0.5 y, -0.4 x) (a sheared, turning flow).
Exact: u = exp(-t / 2) * exp(-((x - 0.4 - 0.5 t)^2 + (y - 0.5)^2) / 0.08), a decaying Gaussian
drifting right; f is manufactured from it. Dirichlet data on all four walls.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
nu = 0.02
ax, ay = 1 + 0.5 * y, -0.4 * x
exact = sp.exp(-t / 2) * sp.exp(-((x - 0.4 - 0.5 * t) ** 2 + (y - 0.5) ** 2) / 0.08)

domain = Box(x=(0, 1.5), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="advdiff-swirl")
U = u(x, y, t)
op = U.diff(t) + ax * U.diff(x) + ay * U.diff(y) - nu * (U.diff(x, 2) + U.diff(y, 2))
problem.equation("pde", sp.Eq(op, 0))
problem.condition("initial", sp.Eq(u(x, y, 0), 0))
for name, axis, value in [("left", x, 0), ("right", x, 1.5), ("bottom", y, 0), ("top", y, 1)]:
    problem.condition(name, sp.Eq(U.subs(axis, value), 0))
problem = problem.manufactured(exact)
