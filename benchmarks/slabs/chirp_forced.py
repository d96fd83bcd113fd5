"""A forcing whose frequency grows: the later slabs are harder than the first.

    u_t + u_x = f   on x in [0, 1], t in [0, 6],

``u = (1 + x) sin(phi(t)) + sin(pi (x - t))``, ``phi(t) = 2 pi (t + t^2 / 4)``: the forced
part's frequency is 1 + t / 2, from 1 at t = 0 to 4 at t = 6 (a chirp, which no exponential
times a polynomial writes). Initial state and inflow (x = 0) from it.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

phi = 2 * sp.pi * (t + t**2 / 4)
exact = (1 + x) * sp.sin(phi) + sp.sin(sp.pi * (x - t))
source = exact.diff(t) + exact.diff(x)
problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 6)), name="chirp-forced")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), source))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("inflow", sp.Eq(u(0, t), exact.subs(x, 0)))
problem.exact(exact)
