"""Linearized shallow water on a mean flow: a gravity-wave pulse and a shear pulse, both exact.

Height perturbation h and velocity perturbation (u, v) about a still depth H = 0.36 moving with
the mean flow (U, V) = (0.3, 0.2) (gravity g = 1, so the wave speed is c = sqrt(g H) = 0.6 and
the flow is subcritical, |(U, V)| = 0.36 < c):

    h_t + U h_x + V h_y + H (u_x + v_y) = 0,
    u_t + U u_x + V u_y + g h_x = 0,
    v_t + U v_x + V v_y + g h_y = 0,

on x in [0, 1], y in [0, 1], t in [0, 1].

Exact: the sum of two plane waves, each exact on its own (the system is linear):

- a gravity wave along k = (0.6, 0.8), a plane wave in the frame moving with the mean flow,
  h = f(s), (u, v) = (g / c) k f(s), s = k . (x, y) - (U k1 + V k2 + c) t, with the Gaussian
  f(s) = exp(-((s - 0.25) / 0.15)^2). Its crest runs at 0.34 + 0.6 = 0.94 from s = 0.25 to 1.19
  (s = 1.4 at the corner (1, 1)). Check: the material derivative d/dt + (U, V) . grad of f is
  -c f', so the momentum equations read -(g / c) c k f' + g k f' = 0 and the mass equation
  -c f' + H (g / c) (k . k) f' = 0, as g H = c^2;
- a shear (vorticity) wave carried by the mean flow along m = (0.8, -0.6): h = 0,
  (u, v) = (-m2, m1) q(r), r = m . (x, y) - (U m1 + V m2) t = m . (x, y) - 0.12 t, with
  q(r) = 0.3 exp(-((r - 0.3) / 0.2)^2). Its velocity is normal to m, so it has no divergence
  and no height, and each component is merely carried by the mean flow.

Data: h, u, v at t = 0 from the exact solution, and on each side the characteristic
combinations that enter there, from the exact solution. Along a side's outward normal n, with
U_n = (U, V) . n, normal velocity u_n and tangential velocity u_t, the speeds are U_n - c (left
eigenvector: (g / c) h - u_n), U_n (u_t) and U_n + c ((g / c) h + u_n). U_n - c < 0 on every
side; U_n < 0 on the sides the mean flow enters, x = 0 (U_n = -0.3) and y = 0 (U_n = -0.2),
which therefore take two conditions and the others one:

    x = 0: (g / c) h + u and v,        x = 1: (g / c) h - u,
    y = 0: (g / c) h + v and u,        y = 1: (g / c) h - v.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t, s = sp.symbols("x y t s")
h, u, v = sp.Function("h"), sp.Function("u"), sp.Function("v")
g, H = 1, sp.Rational(9, 25)  # gravity and still depth
c = sp.sqrt(g * H)  # gravity-wave speed, 3/5
U, V = sp.Rational(3, 10), sp.Rational(1, 5)  # mean flow
k1, k2 = sp.Rational(3, 5), sp.Rational(4, 5)  # direction of the gravity wave
m1, m2 = sp.Rational(4, 5), sp.Rational(-3, 5)  # direction of the shear wave

f = sp.exp(-(((s - 0.25) / 0.15) ** 2))
q = sp.Rational(3, 10) * sp.exp(-(((s - 0.3) / 0.2) ** 2))
gravity = f.subs(s, k1 * x + k2 * y - (U * k1 + V * k2 + c) * t)
shear = q.subs(s, m1 * x + m2 * y - (U * m1 + V * m2) * t)
exact_h = gravity
exact_u = g / c * k1 * gravity - m2 * shear
exact_v = g / c * k2 * gravity + m1 * shear

domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem([h(x, y, t), u(x, y, t), v(x, y, t)], domain, name="shallow-water-mean-flow")
Hh, Uu, Vv = h(x, y, t), u(x, y, t), v(x, y, t)


def carried(w):
    """The material derivative of w along the mean flow."""
    return w.diff(t) + U * w.diff(x) + V * w.diff(y)


problem.equation("mass", sp.Eq(carried(Hh) + H * (Uu.diff(x) + Vv.diff(y)), 0))
problem.equation("momentum-x", sp.Eq(carried(Uu) + g * Hh.diff(x), 0))
problem.equation("momentum-y", sp.Eq(carried(Vv) + g * Hh.diff(y), 0))
problem.condition("initial-h", sp.Eq(h(x, y, 0), exact_h.subs(t, 0)))
problem.condition("initial-u", sp.Eq(u(x, y, 0), exact_u.subs(t, 0)))
problem.condition("initial-v", sp.Eq(v(x, y, 0), exact_v.subs(t, 0)))
# The incoming characteristic combinations on each side.
exact = {Hh: exact_h, Uu: exact_u, Vv: exact_v}
incoming = {
    "incoming-x0": (x, 0, g / c * Hh + Uu),
    "tangential-x0": (x, 0, Vv),
    "incoming-x1": (x, 1, g / c * Hh - Uu),
    "incoming-y0": (y, 0, g / c * Hh + Vv),
    "tangential-y0": (y, 0, Uu),
    "incoming-y1": (y, 1, g / c * Hh - Vv),
}
for name, (axis, value, combination) in incoming.items():
    data = combination.subs(exact)
    problem.condition(name, sp.Eq(combination.subs(axis, value), data.subs(axis, value)))
problem.exact(exact)
