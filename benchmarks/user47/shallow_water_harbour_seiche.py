"""A seiche in a rectangular harbour basin with a sloping bed: linear shallow water, two unknowns.

Along-basin long-wave equations (cross-basin velocity neglected), surface elevation eta and
along-basin velocity u, with the still-water depth H(y) = 2 + y / 40 m varying across the basin:

    eta_t + (H(y) u)_x = 0,        u_t + g eta_x = 0,        g = 9.81 m/s^2.

Domain: basin length x in [0, 100] m, width y in [0, 40] m, t in [0, 60] s.

Conditions: released from rest, eta(x, y, 0) = 0.1 cos(pi x / 100), u(x, y, 0) = 0; closed ends
(walls) u = 0 at x = 0 and x = 100. The side walls y = 0 and y = 40 need nothing (no flow
across them in this model: the characteristic speeds +-sqrt(g H) point along x).

Exact solution: the first longitudinal mode standing in each strip y = const with its own
frequency omega(y) = k sqrt(g H(y)), k = pi / 100 (periods 45 s in 2 m of water, 37 s in 3 m):

    eta = 0.1 cos(k x) cos(omega t),        u = 0.1 omega / (k H) sin(k x) sin(omega t).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
eta, u = sp.Function("eta"), sp.Function("u")
R = sp.Rational
g = R(981, 100)
L, B = 100, 40
H = 2 + y / 40
A = R(1, 10)
k = sp.pi / L
omega = k * sp.sqrt(g * H)

exact_eta = A * sp.cos(k * x) * sp.cos(omega * t)
exact_u = A * omega / (k * H) * sp.sin(k * x) * sp.sin(omega * t)

domain = Box(x=(0, L), y=(0, B), t=(0, 60))
problem = Problem([eta(x, y, t), u(x, y, t)], domain, name="shallow-water-harbour-seiche")
problem.equation("mass", sp.Eq(eta(x, y, t).diff(t) + sp.diff(H * u(x, y, t), x), 0))
problem.equation("momentum", sp.Eq(u(x, y, t).diff(t) + g * eta(x, y, t).diff(x), 0))
problem.condition("initial-eta", sp.Eq(eta(x, y, 0), A * sp.cos(k * x)))
problem.condition("initial-u", sp.Eq(u(x, y, 0), 0))
problem.condition("wall-left", sp.Eq(u(0, y, t), 0))
problem.condition("wall-right", sp.Eq(u(L, y, t), 0))
problem.exact({eta(x, y, t): exact_eta, u(x, y, t): exact_u})
