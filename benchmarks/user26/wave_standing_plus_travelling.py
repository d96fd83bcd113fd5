"""u_tt = 9 u_xx on x in [0, 1], t in [0, 6]: a standing wave plus a train of pulses.

Exact solution u = sin(pi x) cos(3 pi t) + 0.5 exp(2 (cos(2 pi (x - 3 t)) - 1)): the second
part is a periodic train of smooth pulses moving right at speed 3, one always inside the
string (18 crossings over the horizon). u and u_t at t = 0 and u at x = 0, 1 come from it.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

c = 3
standing = sp.sin(sp.pi * x) * sp.cos(c * sp.pi * t)
travelling = sp.exp(2 * (sp.cos(2 * sp.pi * (x - c * t)) - 1)) / 2
exact = standing + travelling

domain = Box(x=(0, 1), t=(0, 6))
problem = Problem(u(x, t), domain, name="wave-standing-plus-travelling")
problem.equation("pde", sp.Eq(u(x, t).diff(t, 2), c**2 * u(x, t).diff(x, 2)))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("velocity", sp.Eq(u(x, t).diff(t).subs(t, 0), exact.diff(t).subs(t, 0)))
problem.condition("left", sp.Eq(u(0, t), exact.subs(x, 0)))
problem.condition("right", sp.Eq(u(1, t), exact.subs(x, 1)))
problem.exact(exact)
