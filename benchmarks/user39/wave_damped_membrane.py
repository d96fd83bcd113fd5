"""A damped vibrating membrane clamped at its rim: u_tt + gamma u_t = c^2 (u_xx + u_yy).

Domain: the rectangle x in [0, 2], y in [0, 1], t in [0, 1]; wave speed c = 1, damping
gamma = 1/2.

Conditions: u = 0 on all four walls x = 0, x = 2, y = 0, y = 1 (Dirichlet); the displacement
u(x, y, 0) and the velocity u_t(x, y, 0) given at t = 0.

Exact solution: two damped standing modes of the rectangle. Mode (m, n) = sin(m pi x / 2)
sin(n pi y) vibrates at omega_mn = sqrt(c^2 pi^2 (m^2 / 4 + n^2) - gamma^2 / 4) and decays as
exp(-gamma t / 2). The mode (3, 2) (one and a half periods along x, one across y) is released
from rest with amplitude 1:

    exp(-gamma t / 2) (cos(omega t) + gamma / (2 omega) sin(omega t)) sin(3 pi x / 2) sin(2 pi y),

(its velocity at t = 0 is zero), and the mode (1, 1) starts flat with velocity
0.5 sin(pi x / 2) sin(pi y): 0.5 exp(-gamma t / 2) sin(omega_11 t) / omega_11 times the mode.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
c, gamma = 1, sp.Rational(1, 2)


def omega(m, n):
    """Angular frequency of the damped mode (m, n)."""
    return sp.sqrt(c**2 * sp.pi**2 * (sp.Rational(m**2, 4) + n**2) - gamma**2 / 4)


def mode(m, n):
    return sp.sin(m * sp.pi * x / 2) * sp.sin(n * sp.pi * y)


w32, w11 = omega(3, 2), omega(1, 1)
decay = sp.exp(-gamma * t / 2)
from_rest = decay * (sp.cos(w32 * t) + gamma / (2 * w32) * sp.sin(w32 * t)) * mode(3, 2)
kicked = sp.Rational(1, 2) * decay * sp.sin(w11 * t) / w11 * mode(1, 1)
exact = from_rest + kicked

domain = Box(x=(0, 2), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="wave-damped-membrane")
U = u(x, y, t)
problem.equation(
    "pde", sp.Eq(U.diff(t, 2) + gamma * U.diff(t), c**2 * (U.diff(x, 2) + U.diff(y, 2)))
)
problem.condition("displacement", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("velocity", sp.Eq(U.diff(t).subs(t, 0), exact.diff(t).subs(t, 0)))
for axis, value in [(x, 0), (x, 2), (y, 0), (y, 1)]:
    problem.condition(f"wall-{axis}{value}", sp.Eq(U.subs(axis, value), 0))
problem.exact(exact)
