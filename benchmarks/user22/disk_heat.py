"""Heat on a disk of radius 1 with a held rim: u_t = 0.2 lap u, the exact solution a decaying
product of sines (its rim values given)."""

import sympy as sp

from pinnls import Disk, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
exact = sp.exp(-sp.Rational(2, 10) * 13 * t) * sp.sin(2 * x + 1) * sp.cos(3 * y)
disk = Disk((0, 0), 1, axes=("x", "y"))
problem = Problem(u(x, y, t), disk * __import__("pinnls").Box(t=(0, 1)), name="disk-heat")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t), sp.Rational(2, 10) * (U.diff(x, 2) + U.diff(y, 2))))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("rim", sp.Eq(U, exact), on=disk.boundary)
problem.exact(exact)
