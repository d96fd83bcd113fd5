"""Time-harmonic acoustic pressure in a square duct section, Helmholtz equation

    u_xx + u_yy + k^2 u = 0,   k = 5,   on the unit square,

with an oblique plane wave as exact solution, u = cos(3 x + 4 y) (|(3, 4)| = k).
Pressure given on x = 0, x = 1 and y = 1; the normal velocity (Neumann, u_y) given on y = 0.
k^2 = 25 is not an eigenvalue of this mixed problem (those nearest are 12.3 and 32.1).

Written in session 16 as a new user would, from the docs only; not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
k = 5

exact = sp.cos(3 * x + 4 * y)

domain = Box(x=(0, 1), y=(0, 1))
problem = Problem(u(x, y), domain, name="helmholtz-duct")
problem.equation("pde", sp.Eq(u(x, y).diff(x, 2) + u(x, y).diff(y, 2) + k**2 * u(x, y), 0))
problem.condition("left", sp.Eq(u(0, y), exact.subs(x, 0)))
problem.condition("right", sp.Eq(u(1, y), exact.subs(x, 1)))
problem.condition("top", sp.Eq(u(x, 1), exact.subs(y, 1)))
problem.condition("bottom-velocity", sp.Eq(u(x, y).diff(y).subs(y, 0), exact.diff(y).subs(y, 0)))
problem.exact(exact)
