"""A steel slab cooling toward room temperature, in kelvin, metres and seconds.

    T_t = alpha T_xx   on x in [0, 5 cm], t in [0, 60 s], alpha = 1.2e-5 m^2/s,

T = 293.15 K on both faces; it starts 50 K hotter in a sine profile.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
T = sp.Function("T")
L, alpha = sp.Rational(5, 100), sp.Rational(12, 10**6)
exact = sp.Rational(29315, 100) + 50 * sp.exp(-alpha * sp.pi**2 * t / L**2) * sp.sin(sp.pi * x / L)

problem = Problem(T(x, t), Box(x=(0, L), t=(0, 60)), name="hot-slab")
problem.equation("heat", sp.Eq(T(x, t).diff(t), alpha * T(x, t).diff(x, 2)))
problem.condition("initial", sp.Eq(T(x, 0), exact.subs(t, 0)))
problem.condition("left", sp.Eq(T(0, t), sp.Rational(29315, 100)))
problem.condition("right", sp.Eq(T(L, t), sp.Rational(29315, 100)))
problem.exact(exact)
