"""u_t + a u_x = nu u_xx on x in [0, 1], t in [0, 1]: a clean column (u = 0) whose inlet is
suddenly held at concentration 1 (the Ogata-Banks problem), cut off at x = 1.

PDE:      u_t + a u_x = nu u_xx with a = 1/2, nu = 1/20 (Peclet number a L / nu = 10).
Domain:   x in [0, 1], t in [0, 1].
Data:     initial t = 0:  u(x, 0) = 0
          inlet   x = 0:  u(0, t) = 1       -- disagrees with the initial data at (0, 0)
          outlet  x = 1:  u(1, t) = the exact solution there (the far end of the half-line)

Exact solution (Ogata and Banks 1961, the half-line x > 0 with u(0, t) = 1, u(x, 0) = 0):
    u = (1/2) [ erfc((x - a t) / (2 sqrt(nu t))) + exp(a x / nu) erfc((x + a t) / (2 sqrt(nu t))) ].
At x = 0 the two erfc's are erfc(-z) + erfc(z) = 2, so u(0, t) = 1 exactly; as t -> 0+ both
terms tend to 0 for x > 0. No series, hence no truncation. The front x = a t travels to
x = 1/2 by t = 1 and spreads to a width of about 2 sqrt(nu t) = 0.45; exp(a x / nu) <= e^10
times an erfc that is smaller keeps the second term bounded by the first.

What makes it hard: the inlet value jumps from the initial one at (0, 0), so at early times
the front is a step of width ~ sqrt(nu t) sitting at the inlet.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

a = sp.Rational(1, 2)
nu = sp.Rational(1, 20)

s = 2 * sp.sqrt(nu * t)
exact = (sp.erfc((x - a * t) / s) + sp.exp(a * x / nu) * sp.erfc((x + a * t) / s)) / 2

domain = Box(x=(0, 1), t=(0, 1))
problem = Problem(u(x, t), domain, name="advdiff-ogata-banks")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + a * u(x, t).diff(x), nu * u(x, t).diff(x, 2)))
problem.condition("initial", sp.Eq(u(x, 0), 0))
problem.condition("inlet", sp.Eq(u(0, t), 1))
problem.condition("outlet", sp.Eq(u(1, t), exact.subs(x, 1)))
problem.exact(exact)
