"""Steady advection-diffusion-reaction in the unit cube (a reacting tracer in a uniform flow):

    -0.1 (u_xx + u_yy + u_zz) + u_x + u_y / 2 + u_z / 4 + u = f.

u given on five faces; on the outflow face x = 1 the normal derivative u_x is given (Neumann).
Exact solution (f and the data manufactured from it):
u = sin(pi x) cos(pi y / 2) exp(-z) + x y z.

Written in session 16 as a new user would, from the docs only; not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
u = sp.Function("u")
eps = sp.Rational(1, 10)

exact = sp.sin(sp.pi * x) * sp.cos(sp.pi * y / 2) * sp.exp(-z) + x * y * z


def operator(w):
    laplacian = w.diff(x, 2) + w.diff(y, 2) + w.diff(z, 2)
    return -eps * laplacian + w.diff(x) + w.diff(y) / 2 + w.diff(z) / 4 + w


domain = Box(x=(0, 1), y=(0, 1), z=(0, 1))
problem = Problem(u(x, y, z), domain, name="adr-3d")
problem.equation("pde", sp.Eq(operator(u(x, y, z)), sp.simplify(operator(exact))))
problem.condition("x0", sp.Eq(u(0, y, z), exact.subs(x, 0)))
problem.condition("x1-outflow", sp.Eq(u(x, y, z).diff(x).subs(x, 1), exact.diff(x).subs(x, 1)))
for axis in (y, z):
    for value in (0, 1):
        face = u(x, y, z).subs(axis, value)
        problem.condition(f"{axis}{value}", sp.Eq(face, exact.subs(axis, value)))
problem.exact(exact)
