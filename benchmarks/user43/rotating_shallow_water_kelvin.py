"""Rotating shallow water (linearised, f-plane) in a channel: two Kelvin waves, one per wall.

Height perturbation h and velocity (u, v), gravity g = 1, still depth H = 1/4 (gravity-wave
speed c = sqrt(g H) = 1/2), Coriolis parameter f = 2 (Rossby radius c / f = 1/4):

    h_t + H (u_x + v_y) = 0,
    u_t - f v + g h_x = 0,
    v_t + f u + g h_y = 0,

on the channel x in [0, 2], y in [0, 1], t in [0, 2]. The Coriolis terms are zero-order
couplings between u and v.

Exact solution: two Kelvin waves, each trapped against one wall (no velocity across the
channel, v = 0, height decaying away from its wall over the Rossby radius):

- along the wall y = 0, travelling towards +x:
  h1 = exp(-f y / c) F(x - c t), u1 = (g / c) h1, F(s) = exp(-((s - 0.4) / 0.25)^2);
- along the wall y = 1, travelling towards -x:
  h2 = exp(-f (1 - y) / c) G(x + c t), u2 = -(g / c) h2, G(s) = sin(pi s) / 2;

    h = h1 + h2,    u = u1 + u2,    v = 0.

(Each is exact: for h1, u_t + g h_x = (-g + g) F' e = 0, f u + g h_y = (f g / c - g f / c) h1 = 0
and h_t + H u_x = (-c + H g / c) F' e = 0, as g H = c^2; h2 likewise with the signs turned.)

Conditions, one per entering characteristic (speeds -c, 0, c along any outward normal n):

- t = 0: h, u and v;
- the walls y = 0 and y = 1: no flow through the wall, v = 0;
- the open ends: the incoming invariant only, (g / c) h + u at x = 0 and (g / c) h - u at
  x = 2, each its exact value (the wave train G enters at x = 2, the pulse F leaves at x = 2).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t, s = sp.symbols("x y t s")
h, u, v = sp.Function("h"), sp.Function("u"), sp.Function("v")
R = sp.Rational
g, H, f = 1, R(1, 4), 2
c = sp.sqrt(g * H)  # 1/2
L = 2  # channel length

F = sp.exp(-(((s - R(2, 5)) / R(1, 4)) ** 2))
G = sp.sin(sp.pi * s) / 2
h1 = sp.exp(-f * y / c) * F.subs(s, x - c * t)
h2 = sp.exp(-f * (1 - y) / c) * G.subs(s, x + c * t)
exact_h = h1 + h2
exact_u = g / c * (h1 - h2)
exact_v = sp.Integer(0)

domain = Box(x=(0, L), y=(0, 1), t=(0, 2))
problem = Problem(
    [h(x, y, t), u(x, y, t), v(x, y, t)], domain, name="rotating-shallow-water-kelvin"
)
Hh, Uu, Vv = h(x, y, t), u(x, y, t), v(x, y, t)
problem.equation("mass", sp.Eq(Hh.diff(t) + H * (Uu.diff(x) + Vv.diff(y)), 0))
problem.equation("momentum-x", sp.Eq(Uu.diff(t) - f * Vv + g * Hh.diff(x), 0))
problem.equation("momentum-y", sp.Eq(Vv.diff(t) + f * Uu + g * Hh.diff(y), 0))
problem.condition("initial-h", sp.Eq(h(x, y, 0), exact_h.subs(t, 0)))
problem.condition("initial-u", sp.Eq(u(x, y, 0), exact_u.subs(t, 0)))
problem.condition("initial-v", sp.Eq(v(x, y, 0), 0))
problem.condition("wall-y0", sp.Eq(v(x, 0, t), 0))
problem.condition("wall-y1", sp.Eq(v(x, 1, t), 0))
k = g / c
problem.condition(
    "incoming-x0", sp.Eq(k * h(0, y, t) + u(0, y, t), (k * exact_h + exact_u).subs(x, 0))
)
problem.condition(
    "incoming-x2", sp.Eq(k * h(L, y, t) - u(L, y, t), (k * exact_h - exact_u).subs(x, L))
)
problem.exact({Hh: exact_h, Uu: exact_u, Vv: exact_v})
