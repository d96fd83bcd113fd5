"""2-D heat in a rectangular plate with a convective (Robin) edge and a heated (Neumann) edge:
u_t = k (u_xx + u_yy) + f.

Domain: x in [0, 2], y in [0, 1], t in [0, 1/2]; diffusivity k = 1/4.

Conditions:
- u given at t = 0;
- x = 0: u given (Dirichlet);
- x = 2: convective cooling, a Robin condition with outward normal +x,
  u_x(2, y, t) + 3 u(2, y, t) = g_R (heat transfer coefficient 3);
- y = 0: a prescribed heat flux into the plate, a Neumann condition,
  -u_y(x, 0, t) = q (the outward derivative is -u_y);
- y = 1: insulated, u_y(x, 1, t) = 0 (homogeneous Neumann).
All data (g_R, q, the Dirichlet and initial values) are the exact solution's.

Exact solution (manufactured; the source f = u_t - k Δu is derived from it):

    u = exp(-t) sin(pi x / 4 + 1/3) cos(pi y) + (1 - y)^2 x t + 1/2,

which meets the insulated edge y = 1 exactly (cos(pi y)' and ((1 - y)^2)' vanish there).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
R = sp.Rational
k = R(1, 4)
h = 3
exact = (
    sp.exp(-t) * sp.sin(sp.pi * x / 4 + R(1, 3)) * sp.cos(sp.pi * y)
    + (1 - y) ** 2 * x * t
    + R(1, 2)
)


def operator(w):
    """u_t - k (u_xx + u_yy), applied to w."""
    return w.diff(t) - k * (w.diff(x, 2) + w.diff(y, 2))


def robin(w):
    """u_x + h u on x = 2."""
    return w.diff(x).subs(x, 2) + h * w.subs(x, 2)


def influx(w):
    """-u_y on y = 0 (the heat flux into the plate)."""
    return -w.diff(y).subs(y, 0)


domain = Box(x=(0, 2), y=(0, 1), t=(0, R(1, 2)))
problem = Problem(u(x, y, t), domain, name="heat-robin-flux-plate")
U = u(x, y, t)
problem.equation("pde", sp.Eq(operator(U), operator(exact)))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("held-x0", sp.Eq(u(0, y, t), exact.subs(x, 0)))
problem.condition("convective-x2", sp.Eq(robin(U), robin(exact)))
problem.condition("heated-y0", sp.Eq(influx(U), influx(exact)))
problem.condition("insulated-y1", sp.Eq(U.diff(y).subs(y, 1), 0))
problem.exact(exact)
