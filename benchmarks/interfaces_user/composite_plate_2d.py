"""Steady conduction in a 2-D plate of two materials joined along x = 2/5, insulated top and bottom.

-div(k grad u) = 0 on [0, 1] x [0, 1], with k = 1 for x < 2/5 and k = 5 beyond (written with a
Heaviside step). The edges y = 0 and y = 1 are insulated (u_y = 0); the temperature is given on
x = 0 and x = 1.

Exact solution u = X(x) cos(pi y), where X'' = pi^2 X on each side:
    X = cosh(pi x)                                                      for x < 2/5
    X = cosh(2 pi/5) cosh(pi (x - 2/5)) + sinh(2 pi/5) sinh(pi (x - 2/5)) / 5   beyond,
so that u and the flux k u_x are continuous across x = 2/5 (u_x jumps by a factor 5).

Written in session 16 as a new user would, from the docs only; not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")

c = sp.Rational(2, 5)
k_left, k_right = 1, 5
k = k_left + (k_right - k_left) * sp.Heaviside(x - c)

X_left = sp.cosh(sp.pi * x)
r = sp.Rational(k_left, k_right)
s = sp.pi * (x - c)
X_right = sp.cosh(sp.pi * c) * sp.cosh(s) + r * sp.sinh(sp.pi * c) * sp.sinh(s)
exact = sp.Piecewise((X_left, x < c), (X_right, True)) * sp.cos(sp.pi * y)

problem = Problem(u(x, y), Box(x=(0, 1), y=(0, 1)), name="composite-plate-2d")
flux_x = k * u(x, y).diff(x)
flux_y = k * u(x, y).diff(y)
problem.equation("conduction", sp.Eq(-sp.diff(flux_x, x) - sp.diff(flux_y, y), 0))
problem.condition("left", sp.Eq(u(0, y), sp.cos(sp.pi * y)))
problem.condition("right", sp.Eq(u(1, y), X_right.subs(x, 1) * sp.cos(sp.pi * y)))
problem.condition("bottom", sp.Eq(u(x, y).diff(y).subs(y, 0), 0))
problem.condition("top", sp.Eq(u(x, y).diff(y).subs(y, 1), 0))
problem.exact(exact)
