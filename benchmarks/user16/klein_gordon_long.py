"""A long string on an elastic foundation (Klein-Gordon equation), short time window:

    u_tt = u_xx - u,   0 <= x <= 10,   0 <= t <= 0.5.

Exact solution, a dispersive travelling wave: u = cos(k x - omega t), k = 4/5,
omega = sqrt(k^2 + 1). Displacement and velocity given at t = 0, displacement at both ends.

Written in session 16 as a new user would, from the docs only; not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
k = sp.Rational(4, 5)
omega = sp.sqrt(k**2 + 1)

exact = sp.cos(k * x - omega * t)

domain = Box(x=(0, 10), t=(0, sp.Rational(1, 2)))
problem = Problem(u(x, t), domain, name="klein-gordon-long")
problem.equation("pde", sp.Eq(u(x, t).diff(t, 2) - u(x, t).diff(x, 2) + u(x, t), 0))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("initial-velocity", sp.Eq(u(x, t).diff(t).subs(t, 0), exact.diff(t).subs(t, 0)))
problem.condition("left", sp.Eq(u(0, t), exact.subs(x, 0)))
problem.condition("right", sp.Eq(u(10, t), exact.subs(x, 10)))
problem.exact(exact)
