"""A taut cable struck by a hammer: zero displacement, a velocity pulse at t = 0.

w_tt = c^2 w_xx on x in [0, 4] m, t in [0, 1.5] s, c = 2 m/s.
w(x, 0) = 0, w_t(x, 0) = v0 exp(-((x - 1.5)/0.2)^2), v0 = 0.5 m/s.
Exact (d'Alembert): w = v0 s sqrt(pi) / (4 c) [erf((x - 1.5 + c t)/s) - erf((x - 1.5 - c t)/s)],
two fronts running apart and leaving a plateau between them; the ends follow the exact
solution (Dirichlet data that change once the left front reaches x = 0 at t = 0.75 s).
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
w = sp.Function("w")

c = 2.0  # m/s
v0 = 0.5  # m/s
s = 0.2  # m
x0 = 1.5  # m

exact = (
    v0
    * s
    * sp.sqrt(sp.pi)
    / (4 * c)
    * (sp.erf((x - x0 + c * t) / s) - sp.erf((x - x0 - c * t) / s))
)

domain = Box(x=(0, 4), t=(0, 1.5))
problem = Problem(w(x, t), domain, name="struck-cable")
problem.equation("wave", sp.Eq(w(x, t).diff(t, 2), c**2 * w(x, t).diff(x, 2)))
problem.condition("rest", sp.Eq(w(x, 0), 0))
problem.condition("hammer", sp.Eq(w(x, t).diff(t).subs(t, 0), v0 * sp.exp(-(((x - x0) / s) ** 2))))
problem.condition("left-end", sp.Eq(w(0, t), exact.subs(x, 0)))
problem.condition("right-end", sp.Eq(w(4, t), exact.subs(x, 4)))
problem.exact(exact)
