"""u_t = k (u_xx + u_yy) on the unit square, t in [0, 1/2]: a plate at 0 whose left edge is
suddenly held at a temperature that rises along it, 1 + y.

PDE:      u_t = k (u_xx + u_yy) with k = 1/4 (no source).
Domain:   x in [0, 1], y in [0, 1], t in [0, 1/2].
Data:     initial t = 0:  u(x, y, 0) = 0
          left    x = 0:  u(0, y, t) = 1 + y           -- disagrees with the initial data along
                                                          the edge x = 0, t = 0 (by 1 to 2)
          right   x = 1:  u(1, y, t) = 0
          bottom  y = 0:  u(x, 0, t) = R(x, t)         (the exact values)
          top     y = 1:  u_y(x, 1, t) = R(x, t)       (the exact flux through the top edge)

Exact solution: u = (1 + y) R(x, t) with the rod solution
    R(x, t) = sum_{n >= 0} [ erfc((2n + x) / s) - erfc((2n + 2 - x) / s) ],  s = 2 sqrt(k t)
(rod at 0, x = 0 held at 1, x = 1 at 0; method of images). The factor 1 + y is linear, so
(1 + y)_yy = 0 and u_t - k (u_xx + u_yy) = (1 + y) (R_t - k R_xx) = 0; the data follow.

Truncation: N = 3 image pairs. The omitted tail of R is at most sum_{n >= 3} erfc(2n / s) with
s <= 2 sqrt(k T) = 2 sqrt(1/8) = 0.707 here: erfc(8.49) ~ 1e-33 (N = 2 would leave
erfc(5.66) = 1.1e-15, not enough), times 1 + y <= 2: below 1e-16.

What makes it hard: along the whole left edge the held value jumps from the initial one at
t = 0, by an amount that varies along the edge; the bottom data R(x, t) and the top flux
carry the same erfc layer into the corners (0, 0) and (0, 1).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
U = u(x, y, t)

k = sp.Rational(1, 4)
N = 3  # image pairs; tail <= erfc(6 / 0.707) ~ 1e-33 for k t <= 1/8


def rod(x, t, k, terms=N):
    """Rod at 0, end x = 0 suddenly held at 1, end x = 1 held at 0 (images)."""
    s = 2 * sp.sqrt(k * t)
    return sum(sp.erfc((2 * n + x) / s) - sp.erfc((2 * n + 2 - x) / s) for n in range(terms))


R = rod(x, t, k)
exact = (1 + y) * R

domain = Box(x=(0, 1), y=(0, 1), t=(0, sp.Rational(1, 2)))
problem = Problem(U, domain, name="plate-left-linear-profile")
problem.equation("pde", sp.Eq(U.diff(t), k * (U.diff(x, 2) + U.diff(y, 2))))
problem.condition("initial", sp.Eq(u(x, y, 0), 0))
problem.condition("left", sp.Eq(u(0, y, t), 1 + y))
problem.condition("right", sp.Eq(u(1, y, t), 0))
problem.condition("bottom", sp.Eq(u(x, 0, t), R))
problem.condition("top", sp.Eq(U.diff(y).subs(y, 1), R))
problem.exact(exact)
