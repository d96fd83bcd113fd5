"""1-D linear acoustics with K != 1/rho: p_t + K v_x = 0, v_t + p_x / rho = 0.

Domain: x in [0, 2], t in [0, 1]; bulk modulus K = 4.5, density rho = 2, so the sound speed
is c = sqrt(K / rho) = 1.5 and the impedance Z = sqrt(K rho) = 3.

Riemann invariants: w+ = p + Z v is carried to the right at speed c and w- = p - Z v to the
left, so w+ = F(x - c t), w- = G(x + c t) for any smooth F, G and

    p = (F(x - c t) + G(x + c t)) / 2,      v = (F(x - c t) - G(x + c t)) / (2 Z)

is exact. Here F(s) = sin(3 pi s / 2) + 1/2 (a sound wave entering at x = 0) and
G(s) = exp(-((s - 1.4) / 0.3)^2) (a pressure pulse starting at x = 1.4, leaving through x = 0).

Conditions: p and v at t = 0; characteristic data only, the incoming invariant at each end:
p + Z v at x = 0 and p - Z v at x = 2 (both from the exact solution).
"""

import sympy as sp

from pinnls import Box, Problem

x, t, s = sp.symbols("x t s")
p, v = sp.Function("p"), sp.Function("v")
R = sp.Rational
K, rho = R(9, 2), 2
c, Z = sp.sqrt(K / rho), sp.sqrt(K * rho)  # 3/2 and 3

F = sp.sin(3 * sp.pi * s / 2) + R(1, 2)
G = sp.exp(-(((s - R(7, 5)) / R(3, 10)) ** 2))
right, left = F.subs(s, x - c * t), G.subs(s, x + c * t)
exact_p = (right + left) / 2
exact_v = (right - left) / (2 * Z)

domain = Box(x=(0, 2), t=(0, 1))
problem = Problem([p(x, t), v(x, t)], domain, name="acoustics-impedance-char")
problem.equation("mass", sp.Eq(p(x, t).diff(t) + K * v(x, t).diff(x), 0))
problem.equation("momentum", sp.Eq(v(x, t).diff(t) + p(x, t).diff(x) / rho, 0))
problem.condition("initial-p", sp.Eq(p(x, 0), exact_p.subs(t, 0)))
problem.condition("initial-v", sp.Eq(v(x, 0), exact_v.subs(t, 0)))
problem.condition("incoming-left", sp.Eq(p(0, t) + Z * v(0, t), right.subs(x, 0)))
problem.condition("incoming-right", sp.Eq(p(2, t) - Z * v(2, t), left.subs(x, 2)))
problem.exact({p(x, t): exact_p, v(x, t): exact_v})
