"""The 1-D wave equation u_tt = c^2 u_xx, c = 1.5, as a first-order system in the velocity
v = u_t and the strain s = u_x, with open (non-reflecting) ends.

PDE:    v_t = c^2 s_x,   s_t = v_x     (c = 1.5)
Domain: x in [0, 2], t in [0, 1]
        Riemann invariants: v - c s moves right at speed c, v + c s moves left at speed c.
Data:   v(x, 0), s(x, 0) from the exact solution; the entering invariant at each end:
        v - c s at x = 0 (a wave train coming in), v + c s at x = 2 (nothing coming in from the
        left-moving pulse's side beyond what the exact solution gives).
Exact:  u = F(x - c t) + G(x + c t), F(r) = 0.3 sin(2 pi r), G(r) = exp(-((r - 1.4) / 0.2)^2)
        (a sine train moving right, a Gaussian moving left), so
        v = -c F'(x - c t) + c G'(x + c t),  s = F'(x - c t) + G'(x + c t).
"""

import sympy as sp

from pinnls import Box, Problem

x, t, r = sp.symbols("x t r")
v, s = sp.Function("v"), sp.Function("s")
c = sp.Rational(3, 2)
F = sp.Rational(3, 10) * sp.sin(2 * sp.pi * r)
G = sp.exp(-(((r - sp.Rational(7, 5)) / sp.Rational(1, 5)) ** 2))
dF, dG = F.diff(r), G.diff(r)
exact_v = -c * dF.subs(r, x - c * t) + c * dG.subs(r, x + c * t)
exact_s = dF.subs(r, x - c * t) + dG.subs(r, x + c * t)

domain = Box(x=(0, 2), t=(0, 1))
problem = Problem([v(x, t), s(x, t)], domain, name="wave-strain-velocity")
problem.equation("momentum", sp.Eq(v(x, t).diff(t), c**2 * s(x, t).diff(x)))
problem.equation("compatibility", sp.Eq(s(x, t).diff(t), v(x, t).diff(x)))
problem.condition("initial-v", sp.Eq(v(x, 0), exact_v.subs(t, 0)))
problem.condition("initial-s", sp.Eq(s(x, 0), exact_s.subs(t, 0)))
problem.condition("enter-left", sp.Eq(v(0, t) - c * s(0, t), (exact_v - c * exact_s).subs(x, 0)))
problem.condition("enter-right", sp.Eq(v(2, t) + c * s(2, t), (exact_v + c * exact_s).subs(x, 2)))
problem.exact({v(x, t): exact_v, s(x, t): exact_s})
