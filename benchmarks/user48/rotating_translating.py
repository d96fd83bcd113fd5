"""A tracer pulse in an eddy that drifts downstream.

c_t + a . grad c = 0 on [0, 1.2] x [0, 1] m, t in [0, 2] s, with the velocity of a rigid eddy
(angular speed w = 1.5 rad/s) whose centre is carried at U = 0.25 m/s along x:

    a = (U - w (y - Yc),  w (x - Xc(t))),   Xc(t) = 0.3 + U t,  Yc = 0.5,

so the velocity depends on x, y and t. Relative to the moving centre every particle turns at
speed w, so the solution is the initial pulse rotated back by w t about the centre.
Inflow data (where a . n < 0) come from the exact solution.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
c = sp.Function("c")

U = 0.25  # m/s, drift of the eddy
w = 1.5  # rad/s, spin of the eddy
Xc = 0.3 + U * t
Yc = 0.5


def pulse(px, py):
    """Initial tracer pulse, offset 0.12 m from the eddy centre, width 0.07 m."""
    return sp.exp(-((px - 0.12) ** 2 + py**2) / 0.07**2)


rx, ry = x - Xc, y - Yc
exact = pulse(rx * sp.cos(w * t) + ry * sp.sin(w * t), -rx * sp.sin(w * t) + ry * sp.cos(w * t))

domain = Box(x=(0, 1.2), y=(0, 1), t=(0, 2))
problem = Problem(c(x, y, t), domain, name="rotating-translating")
ax = U - w * (y - Yc)
ay = w * (x - Xc)
problem.equation(
    "transport",
    sp.Eq(c(x, y, t).diff(t) + ax * c(x, y, t).diff(x) + ay * c(x, y, t).diff(y), 0),
)
problem.condition("initial", sp.Eq(c(x, y, 0), exact.subs(t, 0)))
problem.inflow("inflow", sp.Eq(c(x, y, t), exact))
problem.exact(exact)
