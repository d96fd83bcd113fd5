"""Euler-Bernoulli beam under a uniform load, clamped at x = 0 and simply supported at x = L:

    EI w'''' = q,   0 <= x <= L,   L = 2, EI = 1, q = 24,

w(0) = w'(0) = 0 (clamped), w(L) = w''(L) = 0 (pinned, no moment). Exact (textbook propped
cantilever) deflection: w = q x^2 (3 L^2 - 5 L x + 2 x^2) / (48 EI),
at most about 2.08 (q L^4 / (185 EI)).

Written in session 16 as a new user would, from the docs only; not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x = sp.symbols("x")
w = sp.Function("w")
L, EI, q = 2, 1, 24

exact = q * x**2 * (3 * L**2 - 5 * L * x + 2 * x**2) / (48 * EI)

domain = Box(x=(0, L))
problem = Problem(w(x), domain, name="beam-propped")
problem.equation("pde", sp.Eq(EI * w(x).diff(x, 4), q))
problem.condition("clamped-deflection", sp.Eq(w(0), 0))
problem.condition("clamped-slope", sp.Eq(w(x).diff(x).subs(x, 0), 0))
problem.condition("pinned-deflection", sp.Eq(w(L), 0))
problem.condition("pinned-moment", sp.Eq(w(x).diff(x, 2).subs(x, L), 0))
problem.exact(exact)
