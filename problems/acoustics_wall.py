"""1-D linear acoustics in a tube closed by a rigid wall at x = 1: the echo of a pressure pulse.

The medium of acoustics_characteristic.py (density rho = 1, sound speed c = 2, bulk modulus
K = rho c^2 = 4, impedance Z = rho c = 2): p_t + K v_x = 0, rho v_t + p_x = 0. A pressure pulse
f(x) = exp(-((x - 0.3) / 0.2)^2) starts at rest and splits into two halves: the left one leaves
through the open end x = 0 (non-reflecting: only the incoming invariant p + Z v is given), the
right one reaches the wall at t = 0.35, is reflected (v = 0 there) and comes back, reaching the
open end at t = 0.85.

The exact solution is the method of images: the pulse plus its mirror image about the wall,
h(s) = f(s) + f(2 - s), released at rest on the whole line. By d'Alembert the right- and
left-going invariants are p + Z v = h(x - c t) and p - Z v = h(x + c t), so

    p = (h(x - c t) + h(x + c t)) / 2,        v = (h(x - c t) - h(x + c t)) / (2 Z),

and since h(2 - s) = h(s), v(1, t) = (h(1 - c t) - h(1 + c t)) / (2 Z) = 0: the mirror makes the
wall. The image enters the data only through its tail, f(2 - x) <= 5e-6 in the initial pressure
(at the wall). The incoming invariant at x = 0, h(-c t), is mostly the right-going half's own
tail that starts left of x = 0 (0.1 at t = 0, below 1e-3 from t = 0.12 on).
"""

import sympy as sp

from pinnls import Box, Problem

x, t, s = sp.symbols("x t s")
p, v = sp.Function("p"), sp.Function("v")
rho, c = 1, 2  # density and sound speed
K, Z = rho * c**2, rho * c  # bulk modulus and impedance


def f(s):
    """The initial pressure pulse."""
    return sp.exp(-(((s - 0.3) / 0.2) ** 2))


h = f(s) + f(2 - s)  # the pulse and its image in the wall x = 1
right, left = h.subs(s, x - c * t), h.subs(s, x + c * t)
exact_p = (right + left) / 2
exact_v = (right - left) / (2 * Z)

domain = Box(x=(0, 1), t=(0, 1))
problem = Problem([p(x, t), v(x, t)], domain, name="acoustics-wall")
problem.equation("mass", sp.Eq(p(x, t).diff(t) + K * v(x, t).diff(x), 0))
problem.equation("momentum", sp.Eq(rho * v(x, t).diff(t) + p(x, t).diff(x), 0))
problem.condition("initial-p", sp.Eq(p(x, 0), h.subs(s, x)))
problem.condition("initial-v", sp.Eq(v(x, 0), 0))
problem.condition("open-end", sp.Eq(p(0, t) + Z * v(0, t), right.subs(x, 0)))
problem.condition("wall", sp.Eq(v(1, t), 0))
problem.exact({p(x, t): exact_p, v(x, t): exact_v})
