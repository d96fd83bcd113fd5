"""1-D linear acoustics with characteristic boundary data: p_t + K v_x = 0, rho v_t + p_x = 0.

Pressure p and velocity v in a tube of length 1 (density rho = 1, sound speed c = 2, so the
bulk modulus is K = rho c^2 = 4 and the impedance Z = rho c = 2). The Riemann invariants
p + Z v and p - Z v are carried unchanged to the right and to the left at speed c:

    (p + Z v)_t + c (p + Z v)_x = 0,        (p - Z v)_t - c (p - Z v)_x = 0,

so (d'Alembert) p + Z v = F(x - c t) and p - Z v = G(x + c t) for any smooth F and G, and

    p = (F(x - c t) + G(x + c t)) / 2,        v = (F(x - c t) - G(x + c t)) / (2 Z)

is exact. Here a sound wave F(s) = sin(2 pi s) of wavelength 1 enters through x = 0 while a
pressure pulse G(s) = exp(-((s - 0.5) / 0.2)^2), starting in the middle, runs to the left and
leaves through x = 0.

Each end gives only the invariant that enters there (characteristic data, the well-posed
choice for a hyperbolic system): the right-going p + Z v at x = 0 (the incoming wave) and the
left-going p - Z v at x = 1, where nothing enters but the exact value of the pulse's far tail
(below 2e-3 and decaying): the end is non-reflecting. The outgoing invariants are left free.
"""

import sympy as sp

from pinnls import Box, Problem

x, t, s = sp.symbols("x t s")
p, v = sp.Function("p"), sp.Function("v")
rho, c = 1, 2  # density and sound speed
K, Z = rho * c**2, rho * c  # bulk modulus and impedance

F = sp.sin(2 * sp.pi * s)  # right-going invariant p + Z v
G = sp.exp(-(((s - 0.5) / 0.2) ** 2))  # left-going invariant p - Z v
right, left = F.subs(s, x - c * t), G.subs(s, x + c * t)
exact_p = (right + left) / 2
exact_v = (right - left) / (2 * Z)

domain = Box(x=(0, 1), t=(0, 1))
problem = Problem([p(x, t), v(x, t)], domain, name="acoustics-characteristic")
problem.equation("mass", sp.Eq(p(x, t).diff(t) + K * v(x, t).diff(x), 0))
problem.equation("momentum", sp.Eq(rho * v(x, t).diff(t) + p(x, t).diff(x), 0))
problem.condition("initial-p", sp.Eq(p(x, 0), exact_p.subs(t, 0)))
problem.condition("initial-v", sp.Eq(v(x, 0), exact_v.subs(t, 0)))
problem.condition("incoming-left", sp.Eq(p(0, t) + Z * v(0, t), right.subs(x, 0)))
problem.condition("incoming-right", sp.Eq(p(1, t) - Z * v(1, t), left.subs(x, 1)))
problem.exact({p(x, t): exact_p, v(x, t): exact_v})
