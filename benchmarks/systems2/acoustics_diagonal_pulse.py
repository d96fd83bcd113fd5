"""2-D linear acoustics: a Gaussian plane-wave pulse crossing the unit square diagonally.

Pressure p and velocity (u, v) (density rho = 1.2, sound speed c = 1, so the bulk modulus is
K = rho c^2 = 1.2 and the impedance Z = rho c = 1.2):

    p_t + K (u_x + v_y) = 0,        rho u_t + p_x = 0,        rho v_t + p_y = 0,

on x in [0, 1], y in [0, 1], t in [0, 1].

Exact: a plane wave along the unit vector k = (1, 1) / sqrt(2),

    p = f(s),    (u, v) = k f(s) / Z,    s = k . (x, y) - c t,    f(s) = exp(-((s - 0.1) / 0.15)^2),

solves the system for any profile f: rho (u, v)_t = -rho c k f' / Z = -k f' = -grad p, and
p_t = -c f' = -K (k . k) f' / Z = -K div(u, v). The pulse's crest, the line x + y = sqrt(2) s,
starts at s = 0.1 near the corner (0, 0) (half of the pulse still outside the box, entering
through x = 0 and y = 0) and runs to s = 1.1 at t = 1, towards the corner (1, 1) (s = sqrt(2)
there): it crosses the square and starts to leave through x = 1 and y = 1.

Data: p, u, v at t = 0 from the exact solution, and on each side only the characteristic
combination that enters there (non-reflecting sides). Along a side's outward normal n the
speeds are -c, 0, c; p + Z (u, v) . n runs outwards and p - Z (u, v) . n = p + Z (u, v) . n_in
runs inwards (n_in = -n). So the data are

    x = 0: p + Z u,    x = 1: p - Z u,    y = 0: p + Z v,    y = 1: p - Z v,

each equal to its value on the exact solution: (1 + 1/sqrt(2)) f(s) on x = 0 and y = 0 (the
pulse entering), (1 - 1/sqrt(2)) f(s) on x = 1 and y = 1 (not zero: the wave meets these sides
obliquely, so part of it counts as incoming there).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t, s = sp.symbols("x y t s")
p, u, v = sp.Function("p"), sp.Function("u"), sp.Function("v")
rho, c = sp.Rational(6, 5), 1  # density and sound speed
K, Z = rho * c**2, rho * c  # bulk modulus and impedance
k1, k2 = 1 / sp.sqrt(2), 1 / sp.sqrt(2)  # direction of travel

f = sp.exp(-(((s - 0.1) / 0.15) ** 2))  # the pulse's profile
wave = f.subs(s, k1 * x + k2 * y - c * t)
exact_p, exact_u, exact_v = wave, k1 * wave / Z, k2 * wave / Z

domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem([p(x, y, t), u(x, y, t), v(x, y, t)], domain, name="acoustics-diagonal-pulse")
P, U, V = p(x, y, t), u(x, y, t), v(x, y, t)
problem.equation("mass", sp.Eq(P.diff(t) + K * (U.diff(x) + V.diff(y)), 0))
problem.equation("momentum-x", sp.Eq(rho * U.diff(t) + P.diff(x), 0))
problem.equation("momentum-y", sp.Eq(rho * V.diff(t) + P.diff(y), 0))
problem.condition("initial-p", sp.Eq(p(x, y, 0), exact_p.subs(t, 0)))
problem.condition("initial-u", sp.Eq(u(x, y, 0), exact_u.subs(t, 0)))
problem.condition("initial-v", sp.Eq(v(x, y, 0), exact_v.subs(t, 0)))
# Incoming characteristics p + Z (u, v) . n_in on each side.
incoming = {
    "incoming-x0": (x, 0, P + Z * U, exact_p + Z * exact_u),
    "incoming-x1": (x, 1, P - Z * U, exact_p - Z * exact_u),
    "incoming-y0": (y, 0, P + Z * V, exact_p + Z * exact_v),
    "incoming-y1": (y, 1, P - Z * V, exact_p - Z * exact_v),
}
for name, (axis, value, combination, data) in incoming.items():
    problem.condition(name, sp.Eq(combination.subs(axis, value), data.subs(axis, value)))
problem.exact({P: exact_p, U: exact_u, V: exact_v})
