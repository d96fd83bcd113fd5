"""A pollutant carried by a steady wind (1, 1/2) over a 2 x 1 field, decaying at rate 1/2, with a
steady source: u_t + u_x + u_y / 2 + u / 2 = f on [0, 2] x [0, 1] x [0, 1].

Data at t = 0 and where the wind enters (x = 0 and y = 0, found with problem.inflow); the
outflow faces x = 2 and y = 1 carry no condition. Exact solution (f manufactured from it):
u = e^(-t) sin(pi (x - t)) cos(pi y / 2) + x y / 2.

Written in session 16 as a new user would, from the docs only; not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

exact = sp.exp(-t) * sp.sin(sp.pi * (x - t)) * sp.cos(sp.pi * y / 2) + x * y / 2


def transport(w):
    return w.diff(t) + w.diff(x) + w.diff(y) / 2 + w / 2


source = sp.simplify(transport(exact))

domain = Box(x=(0, 2), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="transport2d-source")
problem.equation("pde", sp.Eq(transport(u(x, y, t)), source))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.inflow("inflow", sp.Eq(u(x, y, t), exact))
problem.exact(exact)
