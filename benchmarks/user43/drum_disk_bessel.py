"""A vibrating drum: the wave equation u_tt = Δu on a disk, in time (a shape times an interval).

Domain: the disk of radius 1 centred at the origin, times t in [0, 2] (Disk * Box(t=...)).

Conditions: u and u_t given at t = 0; u given on the rim x^2 + y^2 = 1 for all t (Dirichlet,
through on=domain.boundary). All data are the exact solution's.

Exact solution: the drum's fundamental mode (its rim at rest) plus a harmonic quadratic that
grows linearly in time (it moves the rim, and solves u_tt = Δu on its own as Δ(x^2 - y^2) = 0):

    u = J0(k r) cos(k t) + (x^2 - y^2) t / 2,    r = sqrt(x^2 + y^2),

with k = 2.404825557695773, the first zero of the Bessel function J0 (so J0(k r) vanishes on
the rim to rounding). The mode goes through a little over 3/4 of a period over t in [0, 2].
"""

import sympy as sp

from pinnls import Box, Disk, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
k = sp.Float("2.404825557695773")  # first zero of J0
r = sp.sqrt(x**2 + y**2)
exact = sp.besselj(0, k * r) * sp.cos(k * t) + (x**2 - y**2) * t / 2

drum = Disk(center=(0, 0), radius=1)
domain = drum * Box(t=(0, 2))
problem = Problem(u(x, y, t), domain, name="drum-disk-bessel")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t, 2), U.diff(x, 2) + U.diff(y, 2)))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("velocity", sp.Eq(U.diff(t).subs(t, 0), exact.diff(t).subs(t, 0)))
problem.condition("rim", sp.Eq(U, exact), on=domain.boundary)
problem.exact(exact)
