"""Linearized shallow water in 2-D: two crossing plane-wave pulses (a system of three unknowns).

PDE:    h_t + H (u_x + v_y) = 0,  u_t + g h_x = 0,  v_t + g h_y = 0,  g = 1, H = 1/4, so the
        gravity-wave speed is c = sqrt(g H) = 1/2.
Domain: [0, 1]^2 x t in [0, 1].
Data:   h, u, v at t = 0 from the exact solution; on each side the one incoming characteristic
        (u + (g/c) h on x = 0, u - (g/c) h on x = 1, v + (g/c) h on y = 0, v - (g/c) h on
        y = 1) from the exact solution.
Exact:  two Gaussian pulses f_k(n_k . x - c t) of width 0.12 travelling along n_1 at 30 degrees
        and n_2 at 120 degrees: h = f_1 + f_2, (u, v) = (g / c) (f_1 n_1 + f_2 n_2).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
h, u, v = sp.Function("h"), sp.Function("u"), sp.Function("v")

g = 1
H = sp.Rational(1, 4)
c = sp.sqrt(g * H)
n1 = (sp.cos(sp.pi / 6), sp.sin(sp.pi / 6))
n2 = (sp.cos(2 * sp.pi / 3), sp.sin(2 * sp.pi / 3))
f1 = sp.exp(-(((n1[0] * x + n1[1] * y - c * t - sp.Rational(3, 10)) / sp.Rational(12, 100)) ** 2))
f2 = sp.Rational(1, 2) * sp.exp(
    -(((n2[0] * x + n2[1] * y - c * t - sp.Rational(1, 2)) / sp.Rational(12, 100)) ** 2)
)
eh = f1 + f2
eu = g / c * (f1 * n1[0] + f2 * n2[0])
ev = g / c * (f1 * n1[1] + f2 * n2[1])

domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem([h(x, y, t), u(x, y, t), v(x, y, t)], domain, name="shallow-water-2d")
H_, U_, V_ = h(x, y, t), u(x, y, t), v(x, y, t)
problem.equation("mass", sp.Eq(H_.diff(t) + H * (U_.diff(x) + V_.diff(y)), 0))
problem.equation("momentum-x", sp.Eq(U_.diff(t) + g * H_.diff(x), 0))
problem.equation("momentum-y", sp.Eq(V_.diff(t) + g * H_.diff(y), 0))
problem.condition("initial-h", sp.Eq(h(x, y, 0), eh.subs(t, 0)))
problem.condition("initial-u", sp.Eq(u(x, y, 0), eu.subs(t, 0)))
problem.condition("initial-v", sp.Eq(v(x, y, 0), ev.subs(t, 0)))
k = g / c
problem.condition("incoming-x0", sp.Eq(u(0, y, t) + k * h(0, y, t), (eu + k * eh).subs(x, 0)))
problem.condition("incoming-x1", sp.Eq(u(1, y, t) - k * h(1, y, t), (eu - k * eh).subs(x, 1)))
problem.condition("incoming-y0", sp.Eq(v(x, 0, t) + k * h(x, 0, t), (ev + k * eh).subs(y, 0)))
problem.condition("incoming-y1", sp.Eq(v(x, 1, t) - k * h(x, 1, t), (ev - k * eh).subs(y, 1)))
problem.exact({h(x, y, t): eh, u(x, y, t): eu, v(x, y, t): ev})
