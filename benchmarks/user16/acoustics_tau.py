"""1-D linear acoustics in a tube -2 <= x <= 3, time named tau (unit sound speed and density):

    p_tau + v_x = 0,   v_tau + p_x = 0,   0 <= tau <= 1.

Exact solution, a right-going pulse and a left-going pulse:
p = F(x - tau) + G(x + tau), v = F(x - tau) - G(x + tau),
F(s) = exp(-(s + 1)^2 / 0.25), G(s) = exp(-(s - 1.5)^2 / 0.25) / 2.
Initial p and v are given; at each end only the incoming invariant is given
(p + v at x = -2, p - v at x = 3).

Written in session 16 as a new user would, from the docs only; not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, tau = sp.symbols("x tau")
p, v = sp.Function("p"), sp.Function("v")


def F(s):
    return sp.exp(-((s + 1) ** 2) / sp.Rational(1, 4))


def G(s):
    return sp.exp(-((s - sp.Rational(3, 2)) ** 2) / sp.Rational(1, 4)) / 2


exact_p = F(x - tau) + G(x + tau)
exact_v = F(x - tau) - G(x + tau)

domain = Box(x=(-2, 3), tau=(0, 1))
problem = Problem([p(x, tau), v(x, tau)], domain, name="acoustics-tau", time=tau)
problem.equation("mass", sp.Eq(p(x, tau).diff(tau) + v(x, tau).diff(x), 0))
problem.equation("momentum", sp.Eq(v(x, tau).diff(tau) + p(x, tau).diff(x), 0))
problem.condition("initial-p", sp.Eq(p(x, 0), exact_p.subs(tau, 0)))
problem.condition("initial-v", sp.Eq(v(x, 0), exact_v.subs(tau, 0)))
problem.condition("incoming-left", sp.Eq(p(-2, tau) + v(-2, tau), 2 * F(-2 - tau)))
problem.condition("incoming-right", sp.Eq(p(3, tau) - v(3, tau), 2 * G(3 + tau)))
problem.exact({p(x, tau): exact_p, v(x, tau): exact_v})
