"""Anisotropic diffusion with a full (rotated) tensor in a thin slab: u_t = div(K grad u).

K = [[1/50, 1/200], [1/200, 1/500]] (symmetric positive definite, principal axes tilted from x
and y, ten times more diffusive along x than along y), so the equation is

    u_t = K11 u_xx + 2 K12 u_xy + K22 u_yy.

Domain: the slab x in [0, 1], y in [0, 1/4], t in [0, 1/2].

Conditions: u given at t = 0; u given on the ends x = 0 and x = 1 (Dirichlet); the conormal
flux (K grad u) . n given on the faces y = 0 and y = 1/4 (n the outward normal: -(K12 u_x +
K22 u_y) at y = 0, K12 u_x + K22 u_y at y = 1/4). All data are the exact solution's.

Exact solution: two decaying plane waves, each an exact solution of the equation,
sin(k . x + phi) exp(-(k . K k) t):

    u = sin(2 pi x + 8 pi y + pi / 4) exp(-(k1 . K k1) t)
        + 0.5 cos(4 pi x - 4 pi y) exp(-(k2 . K k2) t),

k1 = (2 pi, 8 pi) (one period along x, two across the thin slab; k1 . K k1 = 0.368 pi^2) and
k2 = (4 pi, -4 pi) (k2 . K k2 = 0.192 pi^2).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
K11, K12, K22 = sp.Rational(1, 50), sp.Rational(1, 200), sp.Rational(1, 500)


def rate(kx, ky):
    """k . K k, the decay rate of the plane wave of wavevector (kx, ky)."""
    return K11 * kx**2 + 2 * K12 * kx * ky + K22 * ky**2


pi = sp.pi
wave1 = sp.sin(2 * pi * x + 8 * pi * y + pi / 4) * sp.exp(-rate(2 * pi, 8 * pi) * t)
wave2 = sp.Rational(1, 2) * sp.cos(4 * pi * x - 4 * pi * y) * sp.exp(-rate(4 * pi, -4 * pi) * t)
exact = wave1 + wave2


def conormal_y(w):
    """The y component of K grad w."""
    return K12 * w.diff(x) + K22 * w.diff(y)


top = sp.Rational(1, 4)
domain = Box(x=(0, 1), y=(0, top), t=(0, sp.Rational(1, 2)))
problem = Problem(u(x, y, t), domain, name="anisotropic-diffusion-slab")
U = u(x, y, t)
diffusion = K11 * U.diff(x, 2) + 2 * K12 * U.diff(x, y) + K22 * U.diff(y, 2)
problem.equation("pde", sp.Eq(U.diff(t), diffusion))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("left", sp.Eq(u(0, y, t), exact.subs(x, 0)))
problem.condition("right", sp.Eq(u(1, y, t), exact.subs(x, 1)))
problem.condition("flux-bottom", sp.Eq(-conormal_y(U).subs(y, 0), -conormal_y(exact).subs(y, 0)))
problem.condition("flux-top", sp.Eq(conormal_y(U).subs(y, top), conormal_y(exact).subs(y, top)))
problem.exact(exact)
