"""Transient heat in a plate with a conductive coating: the joint runs along y = 1/2.

u_t = div(k grad u) + f on (x, y) in [0, 1]^2, t in [0, 1], with k = 1 in the base plate
(y < 0.5) and k = 4 in the coating (y >= 0.5). u = 0 on x = 0, x = 1 and y = 0; the heat
flux k u_y is prescribed on the top face y = 1; the initial state is given.

Exact solution u = exp(-t) sin(pi x) Y(y), with
    Y = sin(pi y / 2)                                       for y < 1/2
    Y = sqrt(2)/2 + (sqrt(2) pi / 16) (y - 1/2)            for y >= 1/2,
so Y = sqrt(2)/2 and k Y' = sqrt(2) pi / 4 on both sides of the joint; f is manufactured.

Written in session 16 as a new user would, from the docs only; not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

k_base, k_coat = 1, 4
k = sp.Piecewise((k_base, y < 0.5), (k_coat, y >= 0.5))

Y_base = sp.sin(sp.pi * y / 2)
Y_coat = sp.sqrt(2) / 2 + sp.sqrt(2) * sp.pi / 16 * (y - sp.Rational(1, 2))
shape = sp.exp(-t) * sp.sin(sp.pi * x)
u_base = shape * Y_base
u_coat = shape * Y_coat
exact = sp.Piecewise((u_base, y < 0.5), (u_coat, y >= 0.5))


def source(v, kk):
    """f = v_t - div(kk grad v) for one material (kk constant)."""
    return sp.simplify(v.diff(t) - kk * (v.diff(x, 2) + v.diff(y, 2)))


f = sp.Piecewise((source(u_base, k_base), y < 0.5), (source(u_coat, k_coat), y >= 0.5))

U = u(x, y, t)
domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem(U, domain, name="coated-plate-transient")
problem.equation(
    "heat", sp.Eq(U.diff(t), sp.diff(k * U.diff(x), x) + sp.diff(k * U.diff(y), y) + f)
)
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("left", sp.Eq(u(0, y, t), 0))
problem.condition("right", sp.Eq(u(1, y, t), 0))
problem.condition("bottom", sp.Eq(u(x, 0, t), 0))
top_flux = (k_coat * u_coat.diff(y)).subs(y, 1)
problem.condition("top-flux", sp.Eq(k_coat * U.diff(y).subs(y, 1), top_flux))
problem.exact(exact)
