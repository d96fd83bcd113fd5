"""Wave equation: u_tt = 0.64 u_xx on [0, 1] x [0, 1], fixed ends, initial position and velocity.

Problem name: wave. c = 0.8; u(0, t) = u(1, t) = 0.
Exact solution: u = sin(pi x) cos(c pi t) + 0.5 sin(2 pi x) sin(2 c pi t).
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

c = sp.Rational(4, 5)
exact = (
    sp.sin(sp.pi * x) * sp.cos(c * sp.pi * t)
    + sp.sin(2 * sp.pi * x) * sp.sin(2 * c * sp.pi * t) / 2
)

domain = Box(x=(0, 1), t=(0, 1))
problem = Problem(u(x, t), domain, name="wave")
problem.equation("pde", sp.Eq(u(x, t).diff(t, 2), c**2 * u(x, t).diff(x, 2)))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("velocity", sp.Eq(u(x, t).diff(t).subs(t, 0), exact.diff(t).subs(t, 0)))
problem.condition("left", sp.Eq(u(0, t), 0))
problem.condition("right", sp.Eq(u(1, t), 0))
problem.exact(exact)
