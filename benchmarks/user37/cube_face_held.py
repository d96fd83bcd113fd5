"""u_t = k Δu in the unit cube, t in [0, 1/2]: a cube at 0 whose face x = 0 is suddenly held
at 1; the other five faces get the exact values.

PDE:      u_t = k (u_xx + u_yy + u_zz) with k = 1/2 (no source).
Domain:   x, y, z in [0, 1], t in [0, 1/2].
Data:     initial t = 0:       u(x, y, z, 0) = 0
          face x = 0:          u(0, y, z, t) = 1     -- disagrees with the initial data over the
                                                        whole face at t = 0
          face x = 1:          u(1, y, z, t) = 0
          faces y = 0, y = 1, z = 0, z = 1:  u = R(x, t)  (the exact values)

Exact solution: the rod solution in x alone,
    u = R(x, t) = sum_{n >= 0} [ erfc((2n + x) / s) - erfc((2n + 2 - x) / s) ],  s = 2 sqrt(k t)
(rod at 0, x = 0 held at 1, x = 1 at 0; method of images). It does not depend on y or z,
so u_yy = u_zz = 0 and the PDE reduces to the rod's.

Truncation: N = 3 image pairs. The omitted tail is at most sum_{n >= 3} erfc(2n / s) with
s <= 2 sqrt(k T) = 1 here: erfc(6) + erfc(8) + ... = 2.15e-17 < 1e-16 (N = 2: erfc(4) = 1.5e-8).

What makes it hard: a held face that jumps from the initial value over a whole face at t = 0
(an erfc layer of width ~ sqrt(k t) along it), in four dimensions; the side faces carry the
same layer into the edges x = 0 of the cube.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z, t = sp.symbols("x y z t")
u = sp.Function("u")
U = u(x, y, z, t)

k = sp.Rational(1, 2)
N = 3  # image pairs; tail <= erfc(6) = 2.2e-17 for k t <= 1/4


def rod(x, t, k, terms=N):
    """Rod at 0, end x = 0 suddenly held at 1, end x = 1 held at 0 (images)."""
    s = 2 * sp.sqrt(k * t)
    return sum(sp.erfc((2 * n + x) / s) - sp.erfc((2 * n + 2 - x) / s) for n in range(terms))


exact = rod(x, t, k)

domain = Box(x=(0, 1), y=(0, 1), z=(0, 1), t=(0, sp.Rational(1, 2)))
problem = Problem(U, domain, name="cube-face-held")
problem.equation("pde", sp.Eq(U.diff(t), k * (U.diff(x, 2) + U.diff(y, 2) + U.diff(z, 2))))
problem.condition("initial", sp.Eq(u(x, y, z, 0), 0))
problem.condition("face-x0", sp.Eq(u(0, y, z, t), 1))
problem.condition("face-x1", sp.Eq(u(1, y, z, t), 0))
for axis in (y, z):
    for side in (0, 1):
        problem.condition(f"face-{axis}{side}", sp.Eq(U.subs(axis, side), exact))
problem.exact(exact)
