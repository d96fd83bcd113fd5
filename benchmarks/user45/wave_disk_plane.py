"""The wave equation in time on a disk: u_tt = c^2 (u_xx + u_yy), c = 2.

Domain: the disk of radius 1 centred at (0, 0), times t in [0, 1] (Disk * Box(t=...)).

Conditions: u and u_t given at t = 0, u given on the rim for all t (Dirichlet). All data are
the exact solution's.

Exact solution: an oblique plane wave, wave vector k = pi (0.6, 0.8) (|k| = pi) and angular
frequency w = c |k| = 2 pi:

    u = sin(k . x - w t) = sin(pi (0.6 x + 0.8 y) - 2 pi t).
"""

import sympy as sp

from pinnls import Box, Disk, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
c = 2
kx, ky = sp.pi * sp.Rational(3, 5), sp.pi * sp.Rational(4, 5)
w = c * sp.sqrt(kx**2 + ky**2)
exact = sp.sin(kx * x + ky * y - w * t)

disk = Disk(center=(0, 0), radius=1)
domain = disk * Box(t=(0, 1))
problem = Problem(u(x, y, t), domain, name="wave-disk-plane")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t, 2), c**2 * (U.diff(x, 2) + U.diff(y, 2))))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("velocity", sp.Eq(U.diff(t).subs(t, 0), exact.diff(t).subs(t, 0)))
problem.condition("rim", sp.Eq(U, exact), on=domain.boundary)
problem.exact(exact)
