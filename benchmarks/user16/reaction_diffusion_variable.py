"""Steady reaction-diffusion with a smoothly varying conductivity and reaction rate:

    -(k u_x)_x - (k u_y)_y + c u = f,   k = 1 + x^2,   c = 1 + y + x^2 / 2,

on -1 <= x <= 2, 0 <= y <= 1 (e.g. a dissolved species in a layer of graded permeability that
is consumed at a rate depending on position). u is given on x = -1, x = 2 and y = 0; the flux
k u_y is given on y = 1. Exact solution (f and the flux manufactured from it):
u = cos(pi x / 2) sin(pi y / 2) + x / 3.

Written in session 16 as a new user would, from the docs only; not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
k = 1 + x**2
c = 1 + y + x**2 / 2

exact = sp.cos(sp.pi * x / 2) * sp.sin(sp.pi * y / 2) + x / 3


def operator(w):
    return -sp.diff(k * w.diff(x), x) - sp.diff(k * w.diff(y), y) + c * w


domain = Box(x=(-1, 2), y=(0, 1))
problem = Problem(u(x, y), domain, name="reaction-diffusion-variable")
problem.equation("pde", sp.Eq(operator(u(x, y)), sp.simplify(operator(exact))))
problem.condition("left", sp.Eq(u(-1, y), exact.subs(x, -1)))
problem.condition("right", sp.Eq(u(2, y), exact.subs(x, 2)))
problem.condition("bottom", sp.Eq(u(x, 0), exact.subs(y, 0)))
problem.condition("top-flux", sp.Eq(k * u(x, y).diff(y).subs(y, 1), (k * exact.diff(y)).subs(y, 1)))
problem.exact(exact)
