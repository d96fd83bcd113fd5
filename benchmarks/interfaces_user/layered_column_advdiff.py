"""A tracer carried through a soil column of two layers: u_t + a u_x = (D u_x)_x.

x in [0, 1] along the flow, t in [0, 1], velocity a = 1; the dispersion is D = 1/10 in the
upper layer (x < 3/5) and D = 1/2 in the lower one. The inlet concentration rises linearly
in time; the outlet gradient is given; the initial profile is the exact one.

Exact solution (no source), u = t + phi(x), where a phi' - D phi'' = -1 on each layer:
    phi = 1 - x + exp(10 (x - 3/5)) / 5              for x < 3/5
    phi = 3/5 - x + 3 exp(2 (x - 3/5)) / 5           for x >= 3/5,
continuous at 3/5 (phi = 3/5) with the dispersive flux D phi' = 1/10 on both sides.

Written in session 16 as a new user would, from the docs only; not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

a = 1
d = sp.Rational(3, 5)
D1, D2 = sp.Rational(1, 10), sp.Rational(1, 2)
D = sp.Piecewise((D1, x < d), (D2, x >= d))

phi_upper = 1 - x + sp.exp(10 * (x - d)) / 5
phi_lower = d - x + 3 * sp.exp(2 * (x - d)) / 5
exact = t + sp.Piecewise((phi_upper, x < d), (phi_lower, x >= d))

problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="layered-column-advdiff")
transport = u(x, t).diff(t) + a * u(x, t).diff(x)
problem.equation("pde", sp.Eq(transport, sp.diff(D * u(x, t).diff(x), x)))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("inlet", sp.Eq(u(0, t), t + phi_upper.subs(x, 0)))
problem.condition("outlet", sp.Eq(u(x, t).diff(x).subs(x, 1), phi_lower.diff(x).subs(x, 1)))
problem.exact(exact)
