"""Heat in a ring-shaped plate: u_t = u_xx + u_yy + f on 0.4 < r < 1, t in [0, 1].

Manufactured: u = e^(-t) sin(2x) cos(y) + x y, held on both rims.
"""

import sympy as sp

from pinnls import Box, Disk, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
exact = sp.exp(-t) * sp.sin(2 * x) * sp.cos(y) + x * y
ring = (Disk((0, 0), 1) - Disk((0, 0), sp.Rational(2, 5))) * Box(t=(0, 1))
U = u(x, y, t)
rhs = exact.diff(t) - exact.diff(x, 2) - exact.diff(y, 2)

problem = Problem(U, ring, name="annulus-heat")
problem.equation("pde", sp.Eq(U.diff(t) - U.diff(x, 2) - U.diff(y, 2), rhs))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("rims", sp.Eq(U, exact), on=ring.boundary)
problem.exact(exact)
