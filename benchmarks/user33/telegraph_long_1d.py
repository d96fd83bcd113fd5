"""A weakly damped string over a long time: the telegraph equation u_tt + 2 gamma u_t = c^2 u_xx.

Domain: x in [0, 1], t in [0, 10] (two axes x, t), one unknown u. Wave speed c = 2, damping
gamma = 0.05. The string is clamped at x = 0 (u = 0) and free at x = 1 (u_x = 0, a sliding
end), so its modes are sin(k x) with k = pi/2, 3pi/2, ... Each mode's amplitude T(t) solves
T'' + 2 gamma T' + c^2 k^2 T = 0, T = exp(-gamma t) (A cos(w t) + B sin(w t)) with
w = sqrt(c^2 k^2 - gamma^2).

Exact solution, the first and second modes:

    u = exp(-gamma t) [ sin(pi x / 2) (cos(w1 t) + (gamma / w1) sin(w1 t))
                        + (1/2) sin(3 pi x / 2) cos(w3 t) ],
    w1 = sqrt(pi^2 - gamma^2),  w3 = sqrt(9 pi^2 - gamma^2).

It starts from u(x, 0) = sin(pi x / 2) + sin(3 pi x / 2) / 2 with the velocity
u_t(x, 0) = -(gamma / 2) sin(3 pi x / 2) (the first mode's B = gamma / w1 makes its initial
velocity zero). Over the horizon the first mode makes 5 periods and the second 15, while the
damping lowers the amplitude only to exp(-0.5) = 0.61: a long horizon of many oscillations.

Conditions: u and u_t at t = 0; u(0, t) = 0 and u_x(1, t) = 0. The damped wave equation with
initial displacement and velocity and one condition (Dirichlet or Neumann) at each end is well
posed (the energy, including the damping term, is non-increasing).
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

c = 2  # wave speed
gamma = sp.Rational(1, 20)  # damping
k1, k3 = sp.pi / 2, 3 * sp.pi / 2
w1 = sp.sqrt(c**2 * k1**2 - gamma**2)
w3 = sp.sqrt(c**2 * k3**2 - gamma**2)

exact = sp.exp(-gamma * t) * (
    sp.sin(k1 * x) * (sp.cos(w1 * t) + gamma / w1 * sp.sin(w1 * t))
    + sp.Rational(1, 2) * sp.sin(k3 * x) * sp.cos(w3 * t)
)

domain = Box(x=(0, 1), t=(0, 10))
U = u(x, t)
problem = Problem(U, domain, name="telegraph-long-1d")
problem.equation("pde", sp.Eq(U.diff(t, 2) + 2 * gamma * U.diff(t), c**2 * U.diff(x, 2)))
problem.condition("initial", sp.Eq(u(x, 0), sp.sin(k1 * x) + sp.sin(k3 * x) / 2))
problem.condition("initial-velocity", sp.Eq(U.diff(t).subs(t, 0), -gamma / 2 * sp.sin(k3 * x)))
problem.condition("clamped", sp.Eq(u(0, t), 0))
problem.condition("free", sp.Eq(U.diff(x).subs(x, 1), 0))
problem.exact(exact)
