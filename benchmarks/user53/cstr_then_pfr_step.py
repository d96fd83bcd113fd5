"""A stirred tank (CSTR, a feed-conditioning vessel) followed by a tubular plug-flow reactor
with a first-order reaction: the feed to the tank steps from 0.5 to 2.0 mol/L at t = 0, and
the tank's exponential step response enters the pipe. The tank's outlet is the pipe's inlet,
cT(t) = c(0, t), so the tank's balance is a dynamic inlet condition of the pipe:

    c_t + u c_x = -k c                             (pipe, plug flow, reaction)
    tau c_t(0, t) + c(0, t) = c_feed = 2.0         (tank, well mixed, no reaction)

(Written first with the tank as a second unknown c_T(t) and a coupling c(0, t) - c_T(t) = 0:
pinnls refuses that condition, c(0, t) and c_T(t) "lie on different kinds of face".)

on x in [0, 12] m, t in [0, 180] s; SI, c in mol/L. Tank: tau = V / Q = 120 s. Pipe:
u = 0.2 m/s (residence time 60 s), k = 0.02 1/s (Damkoehler 1.2).

Conditions:
    t = 0:     c = 0.5 exp(-k x / u)               (pipe at the old steady state; at x = 0 the
                                                    tank at the old feed)
    x = 0:     tau c_t + c = 2.0                   (the tank's balance, a condition on the inflow
                                                    face with a derivative along it)

Exact solution (by hand): cT = 2.0 - 1.5 exp(-t / tau); along the characteristics
c(x, t) = cT(t - x / u) exp(-k x / u) behind the front x = u t, and the old steady state
0.5 exp(-k x / u) ahead of it. c is continuous; its slope jumps across the front
(cT'(0+) = 1.5 / tau = 0.0125 mol/(L s), where the old state was steady).
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
cf = sp.Function("c")

L, T_end = 12.0, 180.0  # m, s
u = 0.2  # m/s
k = 0.02  # 1/s
tau = 120.0  # s
c_old, c_new = 0.5, 2.0  # mol/L


def tank(s):
    return c_new - (c_new - c_old) * sp.exp(-s / tau)


exact_c = sp.Piecewise(
    (c_old * sp.exp(-k * x / u), x >= u * t),
    (tank(t - x / u) * sp.exp(-k * x / u), True),
)

c = cf(x, t)
domain = Box(x=(0, L), t=(0, T_end))
problem = Problem(c, domain, name="cstr-then-pfr-step")
problem.equation("pipe", sp.Eq(c.diff(t) + u * c.diff(x), -k * c))
problem.condition("initial", sp.Eq(cf(x, 0), c_old * sp.exp(-k * x / u)))
problem.condition("tank", sp.Eq(tau * c.diff(t).subs(x, 0) + cf(0, t), c_new))
problem.exact(exact_c)
