"""The wave equation in two space axes and time, second order in time.

    u_tt = u_xx + u_yy   on (x, y) in [0, 1]^2, t in [0, 1],   u = 0 on the four sides,

with the initial value and the initial velocity of two standing modes,

    u = sin(pi x) sin(2 pi y) cos(sqrt(5) pi t) + sin(3 pi x) sin(pi y) sin(sqrt(10) pi t) / 2.

The second mode starts from zero with a velocity: u(x, y, 0) is the first mode alone and
u_t(x, y, 0) the second mode's velocity, so both conditions at t = 0 matter.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

exact = sp.sin(sp.pi * x) * sp.sin(2 * sp.pi * y) * sp.cos(sp.sqrt(5) * sp.pi * t) + (
    sp.sin(3 * sp.pi * x) * sp.sin(sp.pi * y) * sp.sin(sp.sqrt(10) * sp.pi * t) / 2
)

domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="wave-2d")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t, 2), U.diff(x, 2) + U.diff(y, 2)))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("velocity", sp.Eq(U.diff(t).subs(t, 0), exact.diff(t).subs(t, 0)))
for axis, value in [(x, 0), (x, 1), (y, 0), (y, 1)]:
    problem.condition(f"side-{axis}{value}", sp.Eq(U.subs(axis, value), 0))
problem.exact(exact)
