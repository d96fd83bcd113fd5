"""Heat equation in 2-D + time with Neumann, Robin and Dirichlet sides: u_t = kappa (u_xx + u_yy).

PDE:    u_t = kappa (u_xx + u_yy), kappa = 0.2.
Domain: [0, 1]^2 x t in [0, 1].
Data:   u(x, y, 0) from the exact solution; x = 0 insulated (symmetry), u_x = 0; y = 0 loses
        heat to a bath at 0, -u_y + 2 u = 0 (outward flux plus transfer, Biot number 2);
        x = 1 Robin with data, u_x + u = g(y, t); y = 1 Dirichlet from the exact solution.
Exact:  a separated mode that satisfies the homogeneous Neumann and Robin sides by itself,
        u = exp(-kappa (a^2 + b^2) t) cos(a x) (b cos(b y) + 2 sin(b y)), a = 3/2, b = 2.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

kappa = sp.Rational(1, 5)
a, b, biot = sp.Rational(3, 2), 2, 2
exact = (
    sp.exp(-kappa * (a**2 + b**2) * t) * sp.cos(a * x) * (b * sp.cos(b * y) + biot * sp.sin(b * y))
)

domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="heat-robin")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t), kappa * (U.diff(x, 2) + U.diff(y, 2))))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("insulated-x0", sp.Eq(U.diff(x).subs(x, 0), 0))
problem.condition("robin-y0", sp.Eq(-U.diff(y).subs(y, 0) + biot * u(x, 0, t), 0))
problem.condition(
    "robin-x1", sp.Eq(U.diff(x).subs(x, 1) + u(1, y, t), (exact.diff(x) + exact).subs(x, 1))
)
problem.condition("dirichlet-y1", sp.Eq(u(x, 1, t), exact.subs(y, 1)))
problem.exact(exact)
