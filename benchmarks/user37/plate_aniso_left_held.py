"""u_t = kx u_xx + ky u_yy on the unit square, t in [0, 1/2]: an anisotropic plate at 0 whose
left edge is suddenly held at 1, right edge at 0, top and bottom insulated.

PDE:      u_t = kx u_xx + ky u_yy with kx = 1/2, ky = 1/10 (no source).
Domain:   x in [0, 1], y in [0, 1], t in [0, 1/2].
Data:     initial t = 0:  u(x, y, 0) = 0
          left    x = 0:  u(0, y, t) = 1        -- disagrees with the initial data along the edge
                                                   x = 0, t = 0
          right   x = 1:  u(1, y, t) = 0
          bottom  y = 0:  u_y(x, 0, t) = 0      (insulated)
          top     y = 1:  u_y(x, 1, t) = 0      (insulated)

Exact solution: the rod solution in x alone (it does not depend on y, so the insulated edges
hold and ky u_yy = 0):
    u = R(x, t) = sum_{n >= 0} [ erfc((2n + x) / s) - erfc((2n + 2 - x) / s) ],  s = 2 sqrt(kx t),
the method of images for a rod at 0 with x = 0 held at 1 and x = 1 at 0.

Truncation: N = 3 image pairs. The omitted tail is at most sum_{n >= 3} erfc(2n / s) with
s <= 2 sqrt(kx T) = 1 here: erfc(6) + erfc(8) + ... = 2.15e-17 < 1e-16 (N = 2: erfc(4) = 1.5e-8).

What makes it hard: the held value jumps from the initial one along the whole edge x = 0 at
t = 0, giving an erfc layer of width ~ sqrt(kx t) along the left edge; the diffusion is five
times faster across x than along y, though the solution does not vary in y.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
U = u(x, y, t)

kx = sp.Rational(1, 2)
ky = sp.Rational(1, 10)
N = 3  # image pairs; tail <= erfc(6) = 2.2e-17 for kx t <= 1/4


def rod(x, t, k, terms=N):
    """Rod at 0, end x = 0 suddenly held at 1, end x = 1 held at 0 (images)."""
    s = 2 * sp.sqrt(k * t)
    return sum(sp.erfc((2 * n + x) / s) - sp.erfc((2 * n + 2 - x) / s) for n in range(terms))


exact = rod(x, t, kx)

domain = Box(x=(0, 1), y=(0, 1), t=(0, sp.Rational(1, 2)))
problem = Problem(U, domain, name="plate-aniso-left-held")
problem.equation("pde", sp.Eq(U.diff(t), kx * U.diff(x, 2) + ky * U.diff(y, 2)))
problem.condition("initial", sp.Eq(u(x, y, 0), 0))
problem.condition("left", sp.Eq(u(0, y, t), 1))
problem.condition("right", sp.Eq(u(1, y, t), 0))
problem.condition("bottom", sp.Eq(U.diff(y).subs(y, 0), 0))
problem.condition("top", sp.Eq(U.diff(y).subs(y, 1), 0))
problem.exact(exact)
