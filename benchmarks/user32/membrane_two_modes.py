"""A rectangular drum: the 2-D wave equation with two standing modes of different pitch.

PDE (x in [0, 2], y in [0, 1], t in [0, 2]):

    u_tt = c^2 (u_xx + u_yy),        c = 1,

a membrane of 2 by 1 clamped along its whole edge (u = 0 there).

Exact solution: the clamped rectangle's modes sin(m pi x / 2) sin(n pi y) ring at
omega_mn = c pi sqrt(m^2 / 4 + n^2). The drum starts from the (1, 1) mode's shape at rest,
and is struck so that it has the (3, 2) mode's velocity:

    u = sin(pi x / 2) sin(pi y) cos(omega11 t)
        + sin(3 pi x / 2) sin(2 pi y) sin(omega32 t) / omega32,

omega11 = pi sqrt(5) / 2 = 3.51 and omega32 = pi sqrt(9/4 + 4) = 5 pi / 2 = 7.85: their ratio
sqrt(5) / 5 is irrational, so the motion never repeats. Over t in [0, 2] the first mode makes
1.1 periods, the second 2.5.

Well-posedness: the wave equation is second order in time, so it takes the initial
displacement u(x, y, 0) and the initial velocity u_t(x, y, 0); in space it is elliptic, so it
takes one condition on every edge (here u = 0, the clamped edge, on all four).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

c = sp.Integer(1)  # wave speed
omega11 = c * sp.pi * sp.sqrt(sp.Rational(1, 4) + 1)
omega32 = c * sp.pi * sp.sqrt(sp.Rational(9, 4) + 4)
shape11 = sp.sin(sp.pi * x / 2) * sp.sin(sp.pi * y)
shape32 = sp.sin(3 * sp.pi * x / 2) * sp.sin(2 * sp.pi * y)
exact = shape11 * sp.cos(omega11 * t) + shape32 * sp.sin(omega32 * t) / omega32

U = u(x, y, t)
domain = Box(x=(0, 2), y=(0, 1), t=(0, 2))
problem = Problem(U, domain, name="membrane-two-modes")
problem.equation("pde", sp.Eq(U.diff(t, 2), c**2 * (U.diff(x, 2) + U.diff(y, 2))))
problem.condition("initial", sp.Eq(u(x, y, 0), shape11))
problem.condition("initial-velocity", sp.Eq(U.diff(t).subs(t, 0), shape32))
problem.condition("edge-x0", sp.Eq(u(0, y, t), 0))
problem.condition("edge-x2", sp.Eq(u(2, y, t), 0))
problem.condition("edge-y0", sp.Eq(u(x, 0, t), 0))
problem.condition("edge-y1", sp.Eq(u(x, 1, t), 0))
problem.exact(exact)
