"""2-D wave equation with two oblique plane-wave pulses, one in the box at t = 0 and one that
enters through the boundary: u_tt = c^2 (u_xx + u_yy).

PDE:    u_tt = c^2 (u_xx + u_yy), c = 1.
Domain: [0, 1]^2 x t in [0, 1].
Data:   u and u_t at t = 0 from the exact solution; Dirichlet data from the exact solution on
        x = 0, x = 1 and y = 0; a Neumann condition u_y(x, 1, t) = (exact u_y) on y = 1.
Exact:  u = exp(-((n . x - c t - 0.2) / 0.15)^2) + exp(-((m . x + c t - 1.3) / 0.15)^2) / 2,
        n at 35 degrees (travelling along n), m at -20 degrees (travelling along -m, entering
        the square through x = 1 and y = 0 after t = 0.2).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

c = 1
alpha, beta = 35 * sp.pi / 180, -20 * sp.pi / 180
n = (sp.cos(alpha), sp.sin(alpha))
m = (sp.cos(beta), sp.sin(beta))
width = sp.Rational(15, 100)
exact = (
    sp.exp(-(((n[0] * x + n[1] * y - c * t - sp.Rational(1, 5)) / width) ** 2))
    + sp.exp(-(((m[0] * x + m[1] * y + c * t - sp.Rational(13, 10)) / width) ** 2)) / 2
)

domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="wave-oblique")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t, 2), c**2 * (U.diff(x, 2) + U.diff(y, 2))))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("initial-velocity", sp.Eq(U.diff(t).subs(t, 0), exact.diff(t).subs(t, 0)))
problem.condition("left", sp.Eq(u(0, y, t), exact.subs(x, 0)))
problem.condition("right", sp.Eq(u(1, y, t), exact.subs(x, 1)))
problem.condition("bottom", sp.Eq(u(x, 0, t), exact.subs(y, 0)))
problem.condition("top-flux", sp.Eq(U.diff(y).subs(y, 1), exact.diff(y).subs(y, 1)))
problem.exact(exact)
