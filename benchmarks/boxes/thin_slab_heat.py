"""Heat in a thin slab over time, [0, 8] x [0, 0.4], t in [0, 0.5]: the solution turns about
once along the slab and once across it, so features as steep per scaled length fit it better
than features as steep per metre (the automatic strategy's step 1p measures which).

u = exp(-t) exp(-(x - 4)^2 / 4) sin(pi y / 0.4), held on every edge; u_t = u_xx + u_yy + f.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
thickness = sp.Rational(2, 5)
exact = sp.exp(-t) * sp.exp(-((x - 4) ** 2) / 4) * sp.sin(sp.pi * y / thickness)

problem = Problem(
    u(x, y, t), Box(x=(0, 8), y=(0, thickness), t=(0, sp.Rational(1, 2))), name="thin-slab-heat"
)
U = u(x, y, t)
heat = lambda w: w.diff(t) - w.diff(x, 2) - w.diff(y, 2)  # noqa: E731
problem.equation("pde", sp.Eq(heat(U), heat(exact)))
problem.condition("initial", sp.Eq(U.subs(t, 0), exact.subs(t, 0)))
for name, side, value in [("left", x, 0), ("right", x, 8), ("bottom", y, 0), ("top", y, thickness)]:
    problem.condition(name, sp.Eq(U.subs(side, value), exact.subs(side, value)))
problem.exact(exact)
