"""Steady heat in a rod of two graded materials: k varies along each part and jumps at the joint.

-(k u')' = f on x in [0, 1], with k = 1 + x for x < 1/2 and k = 3 + x^2 for x >= 1/2 (k jumps
from 3/2 to 13/4 at the joint). u(0) = 0 and a prescribed heat flux k u'(1) at the end x = 1.

Exact solution:
    u = exp(x) - 1                                                   for x < 1/2
    u = exp(1/2) - 1 + (6 exp(1/2) / 13) (x - 1/2) - (x - 1/2)^2      for x >= 1/2,
continuous at 1/2 with the flux k u' = (3/2) exp(1/2) on both sides; f = -(k u')' on each part.

Written in session 16 as a new user would, from the docs only; not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x = sp.Symbol("x")
u = sp.Function("u")

half = sp.Rational(1, 2)
k_left = 1 + x
k_right = 3 + x**2
k = sp.Piecewise((k_left, x < half), (k_right, x >= half))

u_left = sp.exp(x) - 1
u_right = sp.exp(half) - 1 + 6 * sp.exp(half) / 13 * (x - half) - (x - half) ** 2
exact = sp.Piecewise((u_left, x < half), (u_right, x >= half))

f_left = sp.expand(-sp.diff(k_left * u_left.diff(x), x))
f_right = sp.expand(-sp.diff(k_right * u_right.diff(x), x))
f = sp.Piecewise((f_left, x < half), (f_right, x >= half))

problem = Problem(u(x), Box(x=(0, 1)), name="graded-rod")
problem.equation("heat", sp.Eq(-sp.diff(k * u(x).diff(x), x), f))
problem.condition("fixed", sp.Eq(u(0), 0))
end_flux = (k_right * u_right.diff(x)).subs(x, 1)
problem.condition("flux", sp.Eq((k * u(x).diff(x)).subs(x, 1), end_flux))
problem.exact(exact)
