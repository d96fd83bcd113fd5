"""Strongly anisotropic diffusion along a tilted fibre direction: u_t = div(D grad u).

Domain: the unit square [0, 1] x [0, 1] over t in [0, 1] (three axes x, y, t), one unknown u.
The diffusion tensor is constant but anisotropic (100:1) and tilted by theta = 30 degrees,
as in a fibre-reinforced material or a sheared medium:

    D = R diag(d1, d2) R^T,  d1 = 0.1 along (cos theta, sin theta), d2 = 0.001 across,

so u_t = D11 u_xx + 2 D12 u_xy + D22 u_yy with D11 = 301/4000, D12 = 99 sqrt3 / 4000,
D22 = 103/4000 (a mixed derivative term).

Exact solution: the spreading Gaussian (the fundamental solution started from a blob of
variance s0 = 1/50 at the centre), with rotated coordinates
xi = cos(theta)(x - 1/2) + sin(theta)(y - 1/2), eta = -sin(theta)(x - 1/2) + cos(theta)(y - 1/2):

    u = s0 / sqrt(s1 s2) exp(-xi^2 / (2 s1) - eta^2 / (2 s2)),
    s1 = s0 + 2 d1 t,  s2 = s0 + 2 d2 t.

The blob stretches into an ellipse along the fibre (standard deviation 0.14 -> 0.47) while it
hardly spreads across it (0.14 -> 0.148); by t = 1 it reaches the edges (u up to 0.14 there).

Conditions: the initial blob at t = 0 and the exact values on all four edges (Dirichlet). D is
symmetric positive definite, so the equation is uniformly parabolic and the initial-boundary-
value problem with Dirichlet data on the whole lateral boundary is well posed.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

theta = sp.pi / 6
d1, d2 = sp.Rational(1, 10), sp.Rational(1, 1000)  # along and across the fibre
s0 = sp.Rational(1, 50)  # initial variance
cs, sn = sp.cos(theta), sp.sin(theta)
D11 = d1 * cs**2 + d2 * sn**2
D22 = d1 * sn**2 + d2 * cs**2
D12 = (d1 - d2) * sn * cs

half = sp.Rational(1, 2)
xi = cs * (x - half) + sn * (y - half)
eta = -sn * (x - half) + cs * (y - half)
s1, s2 = s0 + 2 * d1 * t, s0 + 2 * d2 * t
exact = s0 / sp.sqrt(s1 * s2) * sp.exp(-(xi**2) / (2 * s1) - eta**2 / (2 * s2))

domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
U = u(x, y, t)
problem = Problem(U, domain, name="anisotropic-heat-rotated")
diffusion = D11 * U.diff(x, 2) + 2 * D12 * U.diff(x, y) + D22 * U.diff(y, 2)
problem.equation("pde", sp.Eq(U.diff(t), diffusion))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("left", sp.Eq(u(0, y, t), exact.subs(x, 0)))
problem.condition("right", sp.Eq(u(1, y, t), exact.subs(x, 1)))
problem.condition("bottom", sp.Eq(u(x, 0, t), exact.subs(y, 0)))
problem.condition("top", sp.Eq(u(x, 1, t), exact.subs(y, 1)))
problem.exact(exact)
