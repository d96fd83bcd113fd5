"""1-D acoustics with a partially reflecting (impedance) end: a pulse echoes at half strength.

PDE:    p_t + 2.25 v_x = 0,  v_t + p_x = 0   (rho = 1, c = 1.5, K = 2.25, Z = 1.5)
Domain: x in [0, 1], t in [0, 1.5]
Data:   p, v at t = 0; x = 0: the incoming invariant p + Z v = 2 F(-c t) (non-reflecting, the
        pulse's tail); x = 1: the reflection law p - Z v = R (p + Z v), R = -1/2 (a
        pressure-release-like end that returns half the wave, inverted).
Exact:  p = F(x - c t) + R F(2 - x - c t),  v = (F(x - c t) - R F(2 - x - c t)) / Z,
        F(s) = exp(-((s - 0.3) / 0.1)^2): the pulse hits x = 1 at t = 0.47 and its echo
        reaches x = 0 near t = 1.13.
"""

import sympy as sp

from pinnls import Box, Problem

x, t, s = sp.symbols("x t s")
p, v = sp.Function("p"), sp.Function("v")
c, Z = sp.Rational(3, 2), sp.Rational(3, 2)
K = Z * c
R = -sp.Rational(1, 2)
F = sp.exp(-(((s - sp.Rational(3, 10)) / sp.Rational(1, 10)) ** 2))
right = F.subs(s, x - c * t)
echo = R * F.subs(s, 2 - x - c * t)
exact_p = right + echo
exact_v = (right - echo) / Z

domain = Box(x=(0, 1), t=(0, 1.5))
problem = Problem([p(x, t), v(x, t)], domain, name="acoustics-partial-reflection")
problem.equation("mass", sp.Eq(p(x, t).diff(t) + K * v(x, t).diff(x), 0))
problem.equation("momentum", sp.Eq(v(x, t).diff(t) + p(x, t).diff(x), 0))
problem.condition("initial-p", sp.Eq(p(x, 0), exact_p.subs(t, 0)))
problem.condition("initial-v", sp.Eq(v(x, 0), exact_v.subs(t, 0)))
problem.condition("incoming-left", sp.Eq(p(0, t) + Z * v(0, t), 2 * right.subs(x, 0)))
problem.condition("impedance-right", sp.Eq(p(1, t) - Z * v(1, t) - R * (p(1, t) + Z * v(1, t)), 0))
problem.exact({p(x, t): exact_p, v(x, t): exact_v})
