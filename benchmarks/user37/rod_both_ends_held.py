"""u_t = k u_xx on a rod x in [0, 1], t in [0, 1]: a rod at temperature 0 whose two ends are
suddenly held at different temperatures, 1 on the left and 1/2 on the right.

PDE:      u_t = k u_xx with k = 1/5 (no source).
Domain:   x in [0, 1], t in [0, 1].
Data:     initial t = 0:  u(x, 0) = 0
          left    x = 0:  u(0, t) = 1     -- disagrees with the initial data at (0, 0)
          right   x = 1:  u(1, t) = 1/2   -- disagrees with the initial data at (1, 0)

Exact solution: superposition of two one-end problems,
    u = 1 * R(x, t) + (1/2) * R(1 - x, t),
    R(x, t) = sum_{n >= 0} [ erfc((2n + x) / s) - erfc((2n + 2 - x) / s) ],  s = 2 sqrt(k t),
where R is the rod at 0 with x = 0 held at 1 and x = 1 held at 0 (method of images). R(1 - x, t)
is the mirror image: 1 at x = 1, 0 at x = 0. As t -> 0+ both tend to 0 inside the rod, and as
t -> infinity u tends to the straight line 1 - x / 2.

Truncation: N = 3 image pairs per R. The omitted tail of each R is at most
sum_{n >= 3} erfc(2n / s) with s <= 2 sqrt(k T) = 2 sqrt(1/5) = 0.894 here, i.e.
erfc(6.71) = 1.2e-21 (N = 2 would leave erfc(4.47) = 2.3e-10), far below 1e-16. The PDE holds
exactly for the truncated sum; the held ends are met up to that tail.

What makes it hard: two corners, (0, 0) and (1, 0), where the held values jump from the
initial value, each with a boundary layer of width ~ sqrt(k t) that vanishes as t -> 0.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

k = sp.Rational(1, 5)
left_value, right_value = sp.Integer(1), sp.Rational(1, 2)
N = 3  # image pairs; tail <= erfc(6 / 0.894) ~ 1e-21 for k t <= 1/5


def rod(x, t, k, terms=N):
    """Rod at 0, end x = 0 suddenly held at 1, end x = 1 held at 0 (images)."""
    s = 2 * sp.sqrt(k * t)
    return sum(sp.erfc((2 * n + x) / s) - sp.erfc((2 * n + 2 - x) / s) for n in range(terms))


exact = left_value * rod(x, t, k) + right_value * rod(1 - x, t, k)

domain = Box(x=(0, 1), t=(0, 1))
problem = Problem(u(x, t), domain, name="rod-both-ends-held")
problem.equation("pde", sp.Eq(u(x, t).diff(t), k * u(x, t).diff(x, 2)))
problem.condition("initial", sp.Eq(u(x, 0), 0))
problem.condition("left", sp.Eq(u(0, t), left_value))
problem.condition("right", sp.Eq(u(1, t), right_value))
problem.exact(exact)
