"""Steady transport past a circular obstacle: a · ∇u = f on the rectangle [0, 2] x [0, 1] with a
disk cut out, a = (1, 1/2). The inflow part of the boundary (the left and bottom edges and the
downstream half of the hole's rim, where a · n < 0) is found from the velocity by
problem.inflow; exact u = e^(-x/2) sin(π(x + y))."""

import sympy as sp

from pinnls import Box, Disk, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
exact = sp.exp(-x / 2) * sp.sin(sp.pi * (x + y))
a = (1, sp.Rational(1, 2))

plate = Box(x=(0, 2), y=(0, 1)) - Disk(center=(0.6, 0.5), radius=0.2)
problem = Problem(u(x, y), plate, name="transport-obstacle")
transport = a[0] * u(x, y).diff(x) + a[1] * u(x, y).diff(y)
problem.equation("pde", sp.Eq(transport, a[0] * exact.diff(x) + a[1] * exact.diff(y)))
problem.inflow("inflow", sp.Eq(u(x, y), exact))
problem.exact(exact)
