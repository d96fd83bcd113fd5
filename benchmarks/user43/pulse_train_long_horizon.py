"""1-D transport over a long horizon with a pulsing speed: u_t + (1 + cos(t) / 2) u_x = 0.

Domain: x in [0, 2], t in [0, 12] (the flow crosses the domain about six times). The speed
swings between 1/2 and 3/2 with period 2 pi, always to the right.

Conditions: u given at t = 0; u given on the inflow end x = 0 (x = 2 is outflow and gets no
condition). All data are the exact solution's.

Exact solution: the characteristics are x - t - sin(t) / 2 = const, so u = g(x - t - sin(t) / 2)
for any profile g. Here g is a train of smooth pulses, one every 2 units of s (centred at
s = 0, +-2, +-4, ..., half-width about 0.25), on top of a slow sine:

    g(s) = exp(-(sin(pi s / 2) / 0.4)^2) + sin(s / 3) / 4,

so fresh pulses keep entering at x = 0 over the whole horizon.
"""

import sympy as sp

from pinnls import Box, Problem

x, t, s = sp.symbols("x t s")
u = sp.Function("u")
R = sp.Rational
g = sp.exp(-((sp.sin(sp.pi * s / 2) / R(2, 5)) ** 2)) + sp.sin(s / 3) / 4
exact = g.subs(s, x - t - sp.sin(t) / 2)

domain = Box(x=(0, 2), t=(0, 12))
problem = Problem(u(x, t), domain, name="pulse-train-long-horizon")
U = u(x, t)
problem.equation("pde", sp.Eq(U.diff(t) + (1 + sp.cos(t) / 2) * U.diff(x), 0))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("inflow", sp.Eq(u(0, t), exact.subs(x, 0)))
problem.exact(exact)
