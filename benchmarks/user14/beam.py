"""Euler-Bernoulli beam, simply supported: u_tt + u_xxxx = 0.

Written in session 14 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 29); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
exact = sp.sin(sp.pi * x) * sp.cos(sp.pi**2 * t)
U = u(x, t)
p = Problem(U, Box(x=(0, 1), t=(0, 1)), name="beam")
p.equation("pde", sp.Eq(U.diff(t, 2) + U.diff(x, 4), 0))
p.condition("u0", sp.Eq(u(x, 0), sp.sin(sp.pi * x)))
p.condition("v0", sp.Eq(U.diff(t).subs(t, 0), 0))
p.condition("left", sp.Eq(u(0, t), 0))
p.condition("right", sp.Eq(u(1, t), 0))
p.condition("mleft", sp.Eq(U.diff(x, 2).subs(x, 0), 0))
p.condition("mright", sp.Eq(U.diff(x, 2).subs(x, 1), 0))
p.exact(exact)
problem = p
