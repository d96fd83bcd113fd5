"""Mass piling up at a stagnation point: transport in conservation form, u_t + (a u)_x = 0,
with a(x) = 1 - 2 x (flow into x = 0.5 from both ends).

Why it is hard: the docs say variable coefficients and zero-order terms are supported, and a
transport user would naturally write the conservative (flux) form. Expanded it is
u_t + (1 - 2x) u_x - 2 u = 0: the characteristics converge exponentially, so the solution's
amplitude grows like e^(2t) while its width shrinks like e^(-2t) (x 20 and / 20 by t = 1.5),
a smooth but increasingly narrow and tall spike.

PDE:    u_t + ((1 - 2 x) u)_x = 0
Domain: x in [0, 1], t in [0, 1.5]  (inflow at both ends: a = 1 at x = 0, a = -1 at x = 1)
Data:   u(x, 0) = u0(x); inflow (problem.inflow) from the exact solution.
        u0(s) = exp(-((s - 0.5) / 0.3)^2) + 0.2.
Exact:  x - 0.5 = (x0 - 0.5) e^(-2t) along a characteristic and u e^(-2t) is carried, so
        u = e^(2t) u0(0.5 + (x - 0.5) e^(2t)).
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")


def u0(s):
    return sp.exp(-(((s - sp.Rational(1, 2)) / sp.Rational(3, 10)) ** 2)) + sp.Rational(1, 5)


exact = sp.exp(2 * t) * u0(sp.Rational(1, 2) + (x - sp.Rational(1, 2)) * sp.exp(2 * t))

domain = Box(x=(0, 1), t=(0, sp.Rational(3, 2)))
problem = Problem(u(x, t), domain, name="conservative-pileup")
U = u(x, t)
problem.equation("pde", sp.Eq(U.diff(t) + sp.diff((1 - 2 * x) * U, x), 0))
problem.condition("initial", sp.Eq(u(x, 0), u0(x)))
problem.inflow("inflow", sp.Eq(U, exact))
problem.exact(exact)
