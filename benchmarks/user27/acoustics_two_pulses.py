"""1-D linear acoustics, p_t + K v_x = 0, rho v_t + p_x = 0 (K = 2.25, rho = 1, c = 1.5).

Two Gaussian pulses that cross: f travelling right, g travelling left.
Exact: p = f(x - c t) + g(x + c t), v = (f(x - c t) - g(x + c t)) / c on x in [0, 3], t in [0, 1.5].
Characteristic data: p + c v given at x = 0, p - c v at x = 3.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
p, v = sp.Function("p"), sp.Function("v")
c = sp.Rational(3, 2)


def f(s):
    return sp.exp(-(((s - 0.8) / 0.25) ** 2))


def g(s):
    return 0.6 * sp.exp(-(((s - 2.3) / 0.3) ** 2))


p_ex = f(x - c * t) + g(x + c * t)
v_ex = (f(x - c * t) - g(x + c * t)) / c

domain = Box(x=(0, 3), t=(0, 1.5))
problem = Problem([p(x, t), v(x, t)], domain, name="acoustics-two-pulses")
problem.equation("mass", sp.Eq(p(x, t).diff(t) + c**2 * v(x, t).diff(x), 0))
problem.equation("momentum", sp.Eq(v(x, t).diff(t) + p(x, t).diff(x), 0))
problem.condition("p0", sp.Eq(p(x, 0), p_ex.subs(t, 0)))
problem.condition("v0", sp.Eq(v(x, 0), v_ex.subs(t, 0)))
problem.condition("left", sp.Eq(p(0, t) + c * v(0, t), (p_ex + c * v_ex).subs(x, 0)))
problem.condition("right", sp.Eq(p(3, t) - c * v(3, t), (p_ex - c * v_ex).subs(x, 3)))
problem.exact({p(x, t): p_ex, v(x, t): v_ex})
