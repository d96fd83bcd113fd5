"""Heat on the unit disk over time: the first radial Bessel mode decaying.

u_t = kappa lap u on the disk r < 1, t in [0, 2], kappa = 0.1, u = 0 on the rim.
Exact (classical): u = J0(j01 r) exp(-kappa j01^2 t), j01 = 2.404825557695773 (first zero of J0).
"""

import sympy as sp

from pinnls import Box, Disk, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
kappa = 0.1
j01 = 2.404825557695773
r = sp.sqrt(x**2 + y**2)
exact = sp.besselj(0, j01 * r) * sp.exp(-kappa * j01**2 * t)

plate = Disk(center=(0, 0), radius=1) * Box(t=(0, 2))
problem = Problem(u(x, y, t), plate, name="heat-disk-bessel")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t), kappa * (U.diff(x, 2) + U.diff(y, 2))))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("rim", sp.Eq(U, 0), on=plate.boundary)
problem.exact(exact)
