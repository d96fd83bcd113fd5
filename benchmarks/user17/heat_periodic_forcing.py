"""Heat equation with a time-periodic boundary drive and source, manufactured.

u_t = kappa u_xx + f on x in [0, 2], t in [0, 10], kappa = 0.1, omega = pi (period 2: 5 periods).
Exact solution u = sin(pi x / 2) cos(omega t) + (x / 2) sin(omega t), so u(0, t) = 0 and the
right end is driven, u(2, t) = sin(omega t); f = u_t - kappa u_xx of that solution.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
kappa, omega = sp.symbols("kappa omega")
exact = sp.sin(sp.pi * x / 2) * sp.cos(omega * t) + x / 2 * sp.sin(omega * t)
source = exact.diff(t) - kappa * exact.diff(x, 2)

domain = Box(x=(0, 2), t=(0, 10))
problem = Problem(
    u(x, t), domain, name="heat-periodic-forcing", parameters={"kappa": 0.1, "omega": float(sp.pi)}
)
problem.equation("pde", sp.Eq(u(x, t).diff(t), kappa * u(x, t).diff(x, 2) + source))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("left", sp.Eq(u(0, t), 0))
problem.condition("right", sp.Eq(u(2, t), sp.sin(omega * t)))
problem.exact(exact)
