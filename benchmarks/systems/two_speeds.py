"""A coupled system with two unequal speeds and a matrix that is not symmetric.

    p_t + p_x + 2 v_x = 0,   v_t - v_x / 2 = 0   on x in [0, 1], t in [0, 1.5].

The speeds are 1 and -1/2: v = g(x + t/2) moves left, and p = f(x - t) - (4/3) g(x + t/2)
(the second part from p_t + p_x = -2 v_x = (3/2) beta g'). f and g are Gaussians of widths
0.2 and 0.15. The incoming data: p at x = 0 (speed 1 enters there), v at x = 1 (speed -1/2
enters there). Written for docs/benchmarks.md section 29, not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
p, v = sp.Function("p"), sp.Function("v")
g = sp.exp(-(((x + t / 2 - 0.8) / 0.15) ** 2))
f = sp.exp(-(((x - t - 0.2) / 0.2) ** 2))
P, V = f - sp.Rational(4, 3) * g, g

problem = Problem([p(x, t), v(x, t)], Box(x=(0, 1), t=(0, 1.5)), name="two-speeds")
problem.equation("a", sp.Eq(p(x, t).diff(t) + p(x, t).diff(x) + 2 * v(x, t).diff(x), 0))
problem.equation("b", sp.Eq(v(x, t).diff(t) - v(x, t).diff(x) / 2, 0))
problem.condition("initial-p", sp.Eq(p(x, 0), P.subs(t, 0)))
problem.condition("initial-v", sp.Eq(v(x, 0), V.subs(t, 0)))
problem.condition("left", sp.Eq(p(0, t), P.subs(x, 0)))
problem.condition("right", sp.Eq(v(1, t), V.subs(x, 1)))
problem.exact({p(x, t): P, v(x, t): V})
