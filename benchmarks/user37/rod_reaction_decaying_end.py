"""u_t = k u_xx - c u on a rod x in [0, 1], t in [0, 1/2]: a reacting rod at 0 whose left end
is suddenly held at exp(-c t), the right end at 0.

PDE:      u_t = k u_xx - c u with k = 2/5, c = 3/2 (a first-order decay; no source).
Domain:   x in [0, 1], t in [0, 1/2].
Data:     initial t = 0:  u(x, 0) = 0
          left    x = 0:  u(0, t) = exp(-c t)   -- 1 at t = 0: disagrees with u(x, 0) = 0 at (0, 0)
          right   x = 1:  u(1, t) = 0

Exact solution: u = exp(-c t) R(x, t), where
    R(x, t) = sum_{n >= 0} [ erfc((2n + x) / s) - erfc((2n + 2 - x) / s) ],  s = 2 sqrt(k t),
solves R_t = k R_xx with R = 0 at t = 0, R(0, t) = 1, R(1, t) = 0 (method of images). Then
u_t = -c u + exp(-c t) R_t = -c u + k u_xx, and the data follow from R's.

Truncation: N = 3 image pairs. The omitted tail is at most sum_{n >= 3} erfc(2n / s) with
s <= 2 sqrt(k T) = 2 sqrt(1/5) = 0.894 here: erfc(6.71) = 1.2e-21 (times exp(-c t) <= 1),
below 1e-16 on the whole box; N = 2 would leave 2.3e-10.

What makes it hard: the held value jumps from the initial one at the corner (0, 0), so the
solution has an erfc layer of width ~ sqrt(k t) there; the reaction only damps it.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

k = sp.Rational(2, 5)
c = sp.Rational(3, 2)
N = 3  # image pairs; tail <= erfc(6 / 0.894) ~ 1e-21 for k t <= 1/5


def rod(x, t, k, terms=N):
    """Rod at 0, end x = 0 suddenly held at 1, end x = 1 held at 0 (images)."""
    s = 2 * sp.sqrt(k * t)
    return sum(sp.erfc((2 * n + x) / s) - sp.erfc((2 * n + 2 - x) / s) for n in range(terms))


exact = sp.exp(-c * t) * rod(x, t, k)

domain = Box(x=(0, 1), t=(0, sp.Rational(1, 2)))
problem = Problem(u(x, t), domain, name="rod-reaction-decaying-end")
problem.equation("pde", sp.Eq(u(x, t).diff(t), k * u(x, t).diff(x, 2) - c * u(x, t)))
problem.condition("initial", sp.Eq(u(x, 0), 0))
problem.condition("left", sp.Eq(u(0, t), sp.exp(-c * t)))
problem.condition("right", sp.Eq(u(1, t), 0))
problem.exact(exact)
