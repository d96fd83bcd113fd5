"""A plane pulse bouncing around a square room with reflecting walls: u_tt = c^2 Lap u.

Domain: the unit square [0, 1] x [0, 1] over t in [0, 1.5] (three axes x, y, t), one unknown u
(e.g. the acoustic pressure in a room), wave speed c = 1. All four walls are rigid: the normal
derivative vanishes there (homogeneous Neumann, a reflecting wall).

The exact solution is a pulse travelling along the diagonal direction d = (1, 1)/sqrt(2), made
compatible with all four walls by the method of images:

    u = F(( x + y)/sqrt2 - c t) + F((-x + y)/sqrt2 - c t)
      + F(( x - y)/sqrt2 - c t) + F((-x - y)/sqrt2 - c t),
    F(q) = exp(kappa (cos(sqrt2 pi (q - q0)) - 1)),  kappa = 6,  q0 = 0.3 sqrt2.

Each term is a plane wave along a unit direction, so it solves the wave equation. F is a smooth
periodic pulse train (a von Mises bump of period sqrt2, half-width about 0.13 in q, background
exp(-12) ~ 6e-6). The four images make u even in x about x = 0 and in y about y = 0, so
u_x(0, y, t) = u_y(x, 0, t) = 0; and because F' has period sqrt2 = 2 / sqrt2, the images also
make u even about x = 1 and y = 1, so u_x(1, y, t) = u_y(x, 1, t) = 0 (verified with sympy).
Written out, u = sum over the four sign pairs of exp(6 cos(pi(+-x +-y - sqrt2 t - 0.6)) - 6):
ridges along the lines +-x +- y = sqrt2 t + 0.6 (mod 2) that hit the walls and reflect.

Conditions: u and u_t at t = 0 (from the exact solution), and u_x = 0 on x = 0 and x = 1,
u_y = 0 on y = 0 and y = 1, for all t. The wave equation with initial displacement and velocity
and a Neumann condition on the whole boundary is well posed (energy is conserved); the
additive constant that Neumann conditions leave free in a steady problem is fixed here by the
initial data.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

c = 1  # wave speed
kappa = 6  # pulse sharpness
root2 = sp.sqrt(2)
q0 = sp.Rational(3, 10) * root2


def F(q):
    """A periodic pulse train of period sqrt(2), peaks at q = q0 + k sqrt(2)."""
    return sp.exp(kappa * (sp.cos(root2 * sp.pi * (q - q0)) - 1))


exact = sum(F((sx * x + sy * y) / root2 - c * t) for sx in (1, -1) for sy in (1, -1))

domain = Box(x=(0, 1), y=(0, 1), t=(0, sp.Rational(3, 2)))
U = u(x, y, t)
problem = Problem(U, domain, name="wave-box-reflecting")
problem.equation("pde", sp.Eq(U.diff(t, 2), c**2 * (U.diff(x, 2) + U.diff(y, 2))))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("initial-velocity", sp.Eq(U.diff(t).subs(t, 0), exact.diff(t).subs(t, 0)))
problem.condition("wall-left", sp.Eq(U.diff(x).subs(x, 0), 0))
problem.condition("wall-right", sp.Eq(U.diff(x).subs(x, 1), 0))
problem.condition("wall-bottom", sp.Eq(U.diff(y).subs(y, 0), 0))
problem.condition("wall-top", sp.Eq(U.diff(y).subs(y, 1), 0))
problem.exact(exact)
