"""u_t + u_x = f on x in [0, 1], t in [0, 8]: a source that switches on at t = 4.

The ramp s(t) = (1 + tanh(3 (t - 4))) / 2 turns on a standing pattern exp(-x) cos(2 pi x) in the
second half of the horizon, on top of a wave sin(pi (x - t)) carried through the whole time.
Exact solution: u = sin(pi (x - t)) + s(t) exp(-x) cos(2 pi x); f = u_t + u_x from it.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

ramp = (1 + sp.tanh(3 * (t - 4))) / 2
exact = sp.sin(sp.pi * (x - t)) + ramp * sp.exp(-x) * sp.cos(2 * sp.pi * x)
source = exact.diff(t) + exact.diff(x)

domain = Box(x=(0, 1), t=(0, 8))
problem = Problem(u(x, t), domain, name="transport-switch-on")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), source))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("inflow", sp.Eq(u(0, t), exact.subs(x, 0)))
problem.exact(exact)
