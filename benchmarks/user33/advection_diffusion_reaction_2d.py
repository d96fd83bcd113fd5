"""A decaying pollutant plume in a channel: u_t + b . grad u = nu Lap u - kappa u + f.

Domain: the rectangle [0, 2] x [0, 1] over t in [0, 1] (three axes x, y, t), one unknown u.
Wind b = (1, 1/4), diffusivity nu = 0.01, first-order decay kappa = 1/2, and a source f.

The exact solution is a manufactured one made of two parts:

    u = G + M,
    G = (s0 / s(t)) exp(-((x - 1/2 - t)^2 + (y - 1/2 - t/4)^2) / s(t)) exp(-kappa t),
        s(t) = s0 + 4 nu t,  s0 = 1/50,
    M = (1/4) sin(pi x / 2) sin(pi y) (1 + t) exp(-t).

G is the free-space solution of the homogeneous equation (a Gaussian puff of initial width
sqrt(s0) = 0.14 that drifts with the wind, spreads by diffusion and decays), so it needs no
source; M is a slowly varying background, and the source is f = M_t + b . grad M - nu Lap M
+ kappa M, computed below with sympy (a sum of sines and cosines times (1 + t) exp(-t)).

Conditions: the initial state at t = 0 and Dirichlet data (the exact values) on all four
edges of the channel at every time. With nu > 0 the equation is parabolic, for which an initial
condition plus a Dirichlet condition on the whole lateral boundary is the classical well-posed
initial-boundary-value problem (inflow and outflow edges alike). The Peclet length nu/|b| is
about 0.01, but since the data on the outflow edges are the exact values, no boundary layer
forms.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

b1, b2 = 1, sp.Rational(1, 4)  # wind
nu = sp.Rational(1, 100)  # diffusivity
kappa = sp.Rational(1, 2)  # decay rate
s0 = sp.Rational(1, 50)  # initial width squared of the puff

spread = s0 + 4 * nu * t
G = (
    s0
    / spread
    * sp.exp(
        -((x - sp.Rational(1, 2) - b1 * t) ** 2 + (y - sp.Rational(1, 2) - b2 * t) ** 2) / spread
    )
    * sp.exp(-kappa * t)
)
M = sp.Rational(1, 4) * sp.sin(sp.pi * x / 2) * sp.sin(sp.pi * y) * (1 + t) * sp.exp(-t)
exact = G + M


def operator(w):
    """w_t + b . grad w - nu Lap w + kappa w."""
    return (
        w.diff(t) + b1 * w.diff(x) + b2 * w.diff(y) - nu * (w.diff(x, 2) + w.diff(y, 2)) + kappa * w
    )


source = sp.simplify(operator(M))  # operator(G) = 0

domain = Box(x=(0, 2), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="advection-diffusion-reaction-2d")
problem.equation("pde", sp.Eq(operator(u(x, y, t)), source))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("left", sp.Eq(u(0, y, t), exact.subs(x, 0)))
problem.condition("right", sp.Eq(u(2, y, t), exact.subs(x, 2)))
problem.condition("bottom", sp.Eq(u(x, 0, t), exact.subs(y, 0)))
problem.condition("top", sp.Eq(u(x, 1, t), exact.subs(y, 1)))
problem.exact(exact)
