"""Steady 1-D wall of three materials, heated only in its middle layer, cooled by convection.

-(k T')' = q on x in [0, 3], with k = 1, 4, 2 on the layers [0, 1], [1, 2], [2, 3] and a
uniform heat source q = 3 in the middle layer only. The inner face is held at T(0) = 1; the
outer face loses heat to air at T_inf = 0 with h = 2: -k T'(3) = h (T(3) - T_inf).

Exact solution (piecewise; the heat flux F = -k T' is -19/18, then -19/18 + 3 (x - 1), then
35/18, continuous across both joints):
    T = 1 + 19 x / 18                                     on [0, 1]
    T = 37/18 + 19 (x - 1) / 72 - 3 (x - 1)^2 / 8         on [1, 2]
    T = 35/18 - 35 (x - 2) / 36                           on [2, 3]

Written in session 16 as a new user would, from the docs only; not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x = sp.Symbol("x")
T = sp.Function("T")

k = sp.Piecewise((1, x < 1), (4, x < 2), (2, True))
q = sp.Piecewise((0, x < 1), (3, x < 2), (0, True))
h, T_inf = 2, 0

exact = sp.Piecewise(
    (1 + sp.Rational(19, 18) * x, x < 1),
    (
        sp.Rational(37, 18) + sp.Rational(19, 72) * (x - 1) - sp.Rational(3, 8) * (x - 1) ** 2,
        x < 2,
    ),
    (sp.Rational(35, 18) - sp.Rational(35, 36) * (x - 2), True),
)

problem = Problem(T(x), Box(x=(0, 3)), name="three-layer-wall-robin")
problem.equation("heat", sp.Eq(-sp.diff(k * T(x).diff(x), x), q))
problem.condition("inner", sp.Eq(T(0), 1))
problem.condition("convection", sp.Eq(-2 * T(x).diff(x).subs(x, 3), h * (T(3) - T_inf)))
problem.exact(exact)
