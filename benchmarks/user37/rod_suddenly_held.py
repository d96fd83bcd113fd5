"""u_t = u_xx on a rod x in [0, 1], t in [0, 1/4]: a rod at temperature 0 whose left end is
suddenly held at 1, its right end at 0.

PDE:      u_t = k u_xx with k = 1 (no source).
Domain:   x in [0, 1], t in [0, 1/4].
Data:     initial t = 0:  u(x, 0) = 0
          left    x = 0:  u(0, t) = 1    -- disagrees with the initial data at (x, t) = (0, 0)
          right   x = 1:  u(1, t) = 0

Exact solution (method of images): with s = 2 sqrt(k t),
    u = sum_{n >= 0} [ erfc((2n + x) / s) - erfc((2n + 2 - x) / s) ].
Each erfc((c +- x) / s) solves the heat equation; at x = 1 each pair cancels, at x = 0 the sum
telescopes to erfc(0) = 1, and as t -> 0+ every term tends to 0 for 0 < x <= 1.

Truncation: the file keeps N = 3 image pairs (n = 0, 1, 2). The first omitted pair is
bounded by erfc((2N + x) / s) <= erfc(2N / s), and s <= 2 sqrt(k T) = 1 on this box, so the
whole omitted tail is at most erfc(6) + erfc(8) + ... = 2.15e-17 < 1e-16 everywhere on
[0, 1] x (0, 1/4] (two pairs would leave erfc(4) = 1.5e-8). The truncated sum is still an
exact solution of the PDE and satisfies the right end exactly; only u(0, t) = 1 is met up
to that tail (u(0, t) = 1 - erfc(3 / sqrt(k t))).

What makes it hard: the boundary and initial data jump at the corner (0, 0); near it the
solution is a similarity profile erfc(x / (2 sqrt(k t))) whose width shrinks to 0 as t -> 0.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

k = sp.Integer(1)
N = 3  # image pairs; tail <= erfc(6) = 2.2e-17 for k t <= 1/4


def rod(x, t, k, terms=N):
    """Rod at 0, end x = 0 suddenly held at 1, end x = 1 held at 0 (images)."""
    s = 2 * sp.sqrt(k * t)
    return sum(sp.erfc((2 * n + x) / s) - sp.erfc((2 * n + 2 - x) / s) for n in range(terms))


exact = rod(x, t, k)

domain = Box(x=(0, 1), t=(0, sp.Rational(1, 4)))
problem = Problem(u(x, t), domain, name="rod-suddenly-held")
problem.equation("pde", sp.Eq(u(x, t).diff(t), k * u(x, t).diff(x, 2)))
problem.condition("initial", sp.Eq(u(x, 0), 0))
problem.condition("left", sp.Eq(u(0, t), 1))
problem.condition("right", sp.Eq(u(1, t), 0))
problem.exact(exact)
