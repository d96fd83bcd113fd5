"""Steady heat conduction in the wall of a pipe, axisymmetric, in cylindrical axes (r, z):

    -(1/r) d/dr (r k T_r) - d/dz (k T_z) = f,   k(r) = 1 + r / 2,

on 0.5 <= r <= 1.5, 0 <= z <= 1. The inner wall temperature is given, the outer wall is cooled
by convection (Robin: k T_r + h T = g with h = 2), and the two ends are insulated (T_z = 0).
Exact solution (f and g manufactured from it): T = ln(r) + r cos(pi z) / 2.

Written in session 16 as a new user would, from the docs only; not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

r, z = sp.symbols("r z")
T = sp.Function("T")
k = 1 + r / 2
h = 2

exact = sp.log(r) + r * sp.cos(sp.pi * z) / 2


def conduction(w):
    return -sp.diff(r * k * w.diff(r), r) / r - sp.diff(k * w.diff(z), z)


domain = Box(r=(0.5, 1.5), z=(0, 1))
problem = Problem(T(r, z), domain, name="pipe-wall-rz")
problem.equation("pde", sp.Eq(conduction(T(r, z)), sp.simplify(conduction(exact))))
problem.condition("inner", sp.Eq(T(0.5, z), exact.subs(r, 0.5)))
outer_flux = (k * exact.diff(r) + h * exact).subs(r, 1.5)
problem.condition(
    "outer-convection",
    sp.Eq(k.subs(r, 1.5) * T(r, z).diff(r).subs(r, 1.5) + h * T(1.5, z), outer_flux),
)
problem.condition("end-bottom", sp.Eq(T(r, z).diff(z).subs(z, 0), 0))
problem.condition("end-top", sp.Eq(T(r, z).diff(z).subs(z, 1), 0))
problem.exact(exact)
