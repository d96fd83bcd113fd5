"""A steel rod in SI units, kelvin around room temperature: rho c_p T_t = k T_xx, the ends held
at 293.15 K, a sine bump of 40 K at the start. L = 0.5 m, k = 45, rho = 7850, c_p = 490; over
one hour."""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
T = sp.Function("T")
k, rho, cp, length = 45, 7850, 490, sp.Rational(1, 2)
alpha = sp.Rational(k, rho * cp)
exact = sp.Rational(29315, 100) + 40 * sp.exp(-alpha * (sp.pi / length) ** 2 * t) * sp.sin(
    sp.pi * x / length
)
problem = Problem(T(x, t), Box(x=(0, length), t=(0, 3600)), name="steel-rod")
U = T(x, t)
problem.equation("heat", sp.Eq(rho * cp * U.diff(t), k * U.diff(x, 2)))
problem.condition("start", sp.Eq(T(x, 0), exact.subs(t, 0)))
problem.condition("cold-end", sp.Eq(T(0, t), sp.Rational(29315, 100)))
problem.condition("warm-end", sp.Eq(T(length, t), sp.Rational(29315, 100)))
problem.exact(exact)
