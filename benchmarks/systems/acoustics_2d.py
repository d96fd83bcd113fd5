"""2-D acoustics in a closed square room: a mode and a travelling plane wave.

    p_t + u_x + v_y = 0,   u_t + p_x = 0,   v_t + p_y = 0   on [0, 1]^2, t in [0, 1],

p = cos(pi x) cos(pi y) cos(sqrt(2) pi t) (the (1, 1) mode of the room, with
u = sin(pi x) cos(pi y) sin(sqrt(2) pi t) / sqrt(2) and v likewise), plus a plane wave
(p, u, v) = (1, cos a, sin a) f(x cos a + y sin a - t), a = 0.4, f a Gaussian of width 0.3,
that the walls let through: they get the normal velocity as data (u at x = 0, 1 and v at
y = 0, 1), and t = 0 all three fields. Three unknowns: the plane waves of this system have
speeds 0 and +-1 across any direction. Written for docs/benchmarks.md section 29, not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
p, u, v = sp.Function("p"), sp.Function("u"), sp.Function("v")
r2 = sp.sqrt(2)
a = sp.Rational(2, 5)
wave = sp.exp(-(((x * sp.cos(a) + y * sp.sin(a) - t - 0.2) / 0.3) ** 2))
P = sp.cos(sp.pi * x) * sp.cos(sp.pi * y) * sp.cos(r2 * sp.pi * t) + wave
U = sp.sin(sp.pi * x) * sp.cos(sp.pi * y) * sp.sin(r2 * sp.pi * t) / r2 + sp.cos(a) * wave
V = sp.cos(sp.pi * x) * sp.sin(sp.pi * y) * sp.sin(r2 * sp.pi * t) / r2 + sp.sin(a) * wave

problem = Problem([p(x, y, t), u(x, y, t), v(x, y, t)], Box(x=(0, 1), y=(0, 1), t=(0, 1)))
pp, uu, vv = p(x, y, t), u(x, y, t), v(x, y, t)
problem.equation("mass", sp.Eq(pp.diff(t) + uu.diff(x) + vv.diff(y), 0))
problem.equation("x-momentum", sp.Eq(uu.diff(t) + pp.diff(x), 0))
problem.equation("y-momentum", sp.Eq(vv.diff(t) + pp.diff(y), 0))
problem.condition("initial-p", sp.Eq(p(x, y, 0), P.subs(t, 0)))
problem.condition("initial-u", sp.Eq(u(x, y, 0), U.subs(t, 0)))
problem.condition("initial-v", sp.Eq(v(x, y, 0), V.subs(t, 0)))
problem.condition("wall-x0", sp.Eq(u(0, y, t), U.subs(x, 0)))
problem.condition("wall-x1", sp.Eq(u(1, y, t), U.subs(x, 1)))
problem.condition("wall-y0", sp.Eq(v(x, 0, t), V.subs(y, 0)))
problem.condition("wall-y1", sp.Eq(v(x, 1, t), V.subs(y, 1)))
problem.exact({pp: P, uu: U, vv: V})
