"""A pulse leaving through an open end: 1-D acoustics written as a new user would.

    p_t + v_x = 0,  v_t + p_x = 0   on x in [0, 2], t in [0, 1],

p = v = f(x - t), a Gaussian of width 0.15 that starts at x = 0.3 and moves right. The
incoming data: p at x = 0 (the right-moving invariant p + v enters there), and p - v = 0 at
x = 2 (nothing comes back in). Written for docs/benchmarks.md section 29 (the cone of a
system of two), not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
p, v = sp.Function("p"), sp.Function("v")
pulse = sp.exp(-(((x - t - 0.3) / 0.15) ** 2))

problem = Problem([p(x, t), v(x, t)], Box(x=(0, 2), t=(0, 1)), name="open-pulse")
problem.equation("mass", sp.Eq(p(x, t).diff(t) + v(x, t).diff(x), 0))
problem.equation("momentum", sp.Eq(v(x, t).diff(t) + p(x, t).diff(x), 0))
problem.condition("initial-p", sp.Eq(p(x, 0), pulse.subs(t, 0)))
problem.condition("initial-v", sp.Eq(v(x, 0), pulse.subs(t, 0)))
problem.condition("left", sp.Eq(p(0, t), pulse.subs(x, 0)))
problem.condition("right", sp.Eq(p(2, t) - v(2, t), 0))
problem.exact({p(x, t): pulse, v(x, t): pulse})
