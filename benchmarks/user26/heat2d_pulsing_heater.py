"""u_t = 0.05 Δu + f on [0, 1]^2, t in [0, 3]: a Gaussian heater that pulses in time.

Exact solution u = G(x, y) (1 - cos(2 t)), G = exp(-((x - 0.35)^2 + (y - 0.6)^2) / 0.1^2),
so u(x, y, 0) = 0 and f = 2 G sin(2 t) - 0.05 (1 - cos(2 t)) ΔG: a Gaussian in space times
sin in time, plus its diffusion. u is given on the four sides from the exact solution.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

G = sp.exp(-((x - 0.35) ** 2 + (y - 0.6) ** 2) / 0.1**2)
exact = G * (1 - sp.cos(2 * t))
f = exact.diff(t) - 0.05 * (exact.diff(x, 2) + exact.diff(y, 2))

domain = Box(x=(0, 1), y=(0, 1), t=(0, 3))
problem = Problem(u(x, y, t), domain, name="heat2d-pulsing-heater")
lap = u(x, y, t).diff(x, 2) + u(x, y, t).diff(y, 2)
problem.equation("pde", sp.Eq(u(x, y, t).diff(t), 0.05 * lap + f))
problem.condition("initial", sp.Eq(u(x, y, 0), 0))
for axis, value in [(x, 0), (x, 1), (y, 0), (y, 1)]:
    problem.condition(
        f"side-{axis}{value}", sp.Eq(u(x, y, t).subs(axis, value), exact.subs(axis, value))
    )
problem.exact(exact)
