"""A smooth blob carried across a circular basin by a uniform current (1, -1/2):

    u_t + u_x - u_y / 2 = 0   on the disk x^2 + y^2 <= 1, 0 <= t <= 1.

Exact solution: u = g(x - t, y + t / 2) with g(x, y) = exp(-((x + 0.3)^2 + y^2) / 0.16).
Initial data at t = 0 and inflow data on the half of the rim the current enters
(problem.inflow).

Written in session 16 as a new user would, from the docs only; not tuned.
"""

import sympy as sp

from pinnls import Box, Disk, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")


def blob(px, py):
    return sp.exp(-((px + sp.Rational(3, 10)) ** 2 + py**2) / sp.Rational(4, 25))


exact = blob(x - t, y + t / 2)

basin = Disk(center=(0, 0), radius=1)
domain = basin * Box(t=(0, 1))
problem = Problem(u(x, y, t), domain, name="disk-transport")
problem.equation("pde", sp.Eq(u(x, y, t).diff(t) + u(x, y, t).diff(x) - u(x, y, t).diff(y) / 2, 0))
problem.condition("initial", sp.Eq(u(x, y, 0), blob(x, y)))
problem.inflow("inflow", sp.Eq(u(x, y, t), exact))
problem.exact(exact)
