"""2-D heat with a Robin (convective cooling) condition on one side.

u_t = kappa (u_xx + u_yy) on [0, 1] x [0, 1], t in [0, 1.5], kappa = 0.2.
x = 0: insulated (u_x = 0); x = 1: Robin u_x + h u = 0, h = 2; y = 0 and y = 1: u = 0.
Exact (separation of variables): u = cos(lam x) sin(pi y) exp(-kappa (lam^2 + pi^2) t),
lam = 1.0768739863118... the first root of lam tan(lam) = h.
"""

import mpmath
import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
kappa, h = 0.2, 2
lam = float(mpmath.findroot(lambda s: s * mpmath.tan(s) - h, 1.0))
exact = sp.cos(lam * x) * sp.sin(sp.pi * y) * sp.exp(-kappa * (lam**2 + sp.pi**2) * t)

domain = Box(x=(0, 1), y=(0, 1), t=(0, 1.5))
problem = Problem(u(x, y, t), domain, name="heat-robin-side")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t), kappa * (U.diff(x, 2) + U.diff(y, 2))))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("insulated", sp.Eq(U.diff(x).subs(x, 0), 0))
problem.condition("cooling", sp.Eq(U.diff(x).subs(x, 1) + h * u(1, y, t), 0))
problem.condition("bottom", sp.Eq(u(x, 0, t), 0))
problem.condition("top", sp.Eq(u(x, 1, t), 0))
problem.exact(exact)
