"""Sound in an organ pipe closed at both ends, in SI units, written as a user would:
p_tt = c^2 p_xx, c = 343 m/s, a 1.2 m pipe over 30 ms (8.6 periods of the fundamental),
the fundamental and its third harmonic, the pressure held at the ends."""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
p = sp.Function("p")
c, L = 343, sp.Rational(12, 10)
k1, k3 = sp.pi / L, 3 * sp.pi / L
exact = sp.sin(k1 * x) * sp.cos(c * k1 * t) + sp.sin(k3 * x) * sp.cos(c * k3 * t) * sp.Rational(
    3, 10
)
problem = Problem(p(x, t), Box(x=(0, L), t=(0, sp.Rational(3, 100))), name="organ-pipe")
P = p(x, t)
problem.equation("acoustics", sp.Eq(P.diff(t, 2), c**2 * P.diff(x, 2)))
problem.condition("at-rest", sp.Eq(P.subs(t, 0), exact.subs(t, 0)))
problem.condition("no-velocity", sp.Eq(P.diff(t).subs(t, 0), 0))
problem.condition("left-end", sp.Eq(p(0, t), 0))
problem.condition("right-end", sp.Eq(p(L, t), 0))
problem.exact(exact)
