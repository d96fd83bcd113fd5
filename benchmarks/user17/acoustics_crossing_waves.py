"""1-D acoustics with two crossing travelling waves, over 10 crossing times.

p_t + K v_x = 0, v_t + p_x / rho = 0 on x in [0, 1.5], t in [0, 5]; K = 2.25, rho = 0.25,
so c = sqrt(K / rho) = 3, impedance Z = rho c = 0.75, crossing time 0.5.
Exact: p = f(x - c t) + g(x + c t), v = (f(x - c t) - g(x + c t)) / Z with
f(s) = sin(2 pi s / 1.5), g(s) = 0.5 cos(pi s / 1.5). Data: p, v at t = 0 and the incoming
characteristic at each end (p + Z v at x = 0, p - Z v at x = 1.5).
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
p, v = sp.Function("p"), sp.Function("v")
K, rho = sp.Rational(9, 4), sp.Rational(1, 4)
c, Z = sp.sqrt(K / rho), sp.sqrt(K * rho)
L = sp.Rational(3, 2)
f = sp.sin(2 * sp.pi * (x - c * t) / L)
g = sp.cos(sp.pi * (x + c * t) / L) / 2
pe, ve = f + g, (f - g) / Z

domain = Box(x=(0, L), t=(0, 5))
problem = Problem([p(x, t), v(x, t)], domain, name="acoustics-crossing-waves")
problem.equation("mass", sp.Eq(p(x, t).diff(t) + K * v(x, t).diff(x), 0))
problem.equation("momentum", sp.Eq(v(x, t).diff(t) + p(x, t).diff(x) / rho, 0))
problem.condition("initial-p", sp.Eq(p(x, 0), pe.subs(t, 0)))
problem.condition("initial-v", sp.Eq(v(x, 0), ve.subs(t, 0)))
problem.condition("incoming-left", sp.Eq(p(0, t) + Z * v(0, t), (pe + Z * ve).subs(x, 0)))
problem.condition("incoming-right", sp.Eq(p(L, t) - Z * v(L, t), (pe - Z * ve).subs(x, L)))
problem.exact({p(x, t): pe, v(x, t): ve})
