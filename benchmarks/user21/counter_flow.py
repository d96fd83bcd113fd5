"""Two species streaming in opposite directions and exchanging mass (a linear system).

    u_t + u_x = v - u,   v_t - v_x = u - v   on x in [0, 1], t in [0, 1],

manufactured from u = sin(2 pi (x - t)) + 1, v = cos(pi x) e^(-t); u enters at x = 0, v at x = 1.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u, v = sp.Function("u"), sp.Function("v")
ue = sp.sin(2 * sp.pi * (x - t)) + 1
ve = sp.cos(sp.pi * x) * sp.exp(-t)

problem = Problem([u(x, t), v(x, t)], Box(x=(0, 1), t=(0, 1)), name="counter-flow")
U, V = u(x, t), v(x, t)
problem.equation("u-eq", sp.Eq(U.diff(t) + U.diff(x) - V + U, ue.diff(t) + ue.diff(x) - ve + ue))
problem.equation("v-eq", sp.Eq(V.diff(t) - V.diff(x) - U + V, ve.diff(t) - ve.diff(x) - ue + ve))
problem.condition("u0", sp.Eq(u(x, 0), ue.subs(t, 0)))
problem.condition("v0", sp.Eq(v(x, 0), ve.subs(t, 0)))
problem.condition("u-in", sp.Eq(u(0, t), ue.subs(x, 0)))
problem.condition("v-in", sp.Eq(v(1, t), ve.subs(x, 1)))
problem.exact({u(x, t): ue, v(x, t): ve})
