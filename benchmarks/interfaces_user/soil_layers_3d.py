"""Steady heat in a block of soil: a topsoil layer over a denser subsoil, the joint across z.

-div(k grad u) = 0 on x, y in [0, 1] and depth z in [-1, 0] (the ground surface is z = 0),
with k = 1 in the topsoil (z > -2/5) and k = 2 in the subsoil (z < -2/5), written with a
Heaviside step. u = 0 on the four sides and on the bottom; the surface temperature anomaly
sin(pi x) sin(pi y) Z(0) is given on z = 0.

Exact solution u = sin(pi x) sin(pi y) Z(z), with Z'' = 2 pi^2 Z on each layer (s = sqrt(2) pi,
h = 2/5 the topsoil depth, r = k_sub / k_top = 2):
    Z = sinh(s (z + 1)) / sinh(s (1 - h))                                 for z < -h
    Z = cosh(s (z + h)) + r coth(s (1 - h)) sinh(s (z + h))               for z > -h,
so Z = 1 at the joint and k Z' is continuous there.

Written in session 16 as a new user would, from the docs only; not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
u = sp.Function("u")

h = sp.Rational(2, 5)
k_top, k_sub = 1, 2
k = k_top + (k_sub - k_top) * sp.Heaviside(-h - z)

s = sp.sqrt(2) * sp.pi
r = sp.Rational(k_sub, k_top)
Z_sub = sp.sinh(s * (z + 1)) / sp.sinh(s * (1 - h))
Z_top = sp.cosh(s * (z + h)) + r * sp.coth(s * (1 - h)) * sp.sinh(s * (z + h))
plan = sp.sin(sp.pi * x) * sp.sin(sp.pi * y)
exact = plan * sp.Piecewise((Z_sub, z < -h), (Z_top, True))

domain = Box(x=(0, 1), y=(0, 1), z=(-1, 0))
problem = Problem(u(x, y, z), domain, name="soil-layers-3d")
U = u(x, y, z)
div_flux = sp.diff(k * U.diff(x), x) + sp.diff(k * U.diff(y), y) + sp.diff(k * U.diff(z), z)
problem.equation("conduction", sp.Eq(-div_flux, 0))
problem.condition("x0", sp.Eq(u(0, y, z), 0))
problem.condition("x1", sp.Eq(u(1, y, z), 0))
problem.condition("y0", sp.Eq(u(x, 0, z), 0))
problem.condition("y1", sp.Eq(u(x, 1, z), 0))
problem.condition("bottom", sp.Eq(u(x, y, -1), 0))
problem.condition("surface", sp.Eq(u(x, y, 0), plan * Z_top.subs(z, 0)))
problem.exact(exact)
