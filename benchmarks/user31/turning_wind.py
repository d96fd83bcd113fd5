"""u_t + a(t) . grad u = 0 on [0, 1]^2 x [0, 1]: a Gaussian pulse carried by a uniform wind
whose direction turns with time.

PDE:    u_t + U cos(w t) u_x + U sin(w t) u_y = 0,  U = 0.6, w = pi (the wind turns from east
        to north to west over t in [0, 1]).
Domain: the unit square times t in [0, 1].
Data:   u(x, y, 0) = exp(-((x - 0.35)^2 + (y - 0.3)^2) / 0.1^2); the exact solution on the
        part of the boundary where the wind enters (problem.inflow; it moves with the wind).
Exact:  the pulse centre follows X(t) = (0.35 + U sin(w t) / w, 0.3 + U (1 - cos(w t)) / w),
        u = exp(-((x - X1(t))^2 + (y - X2(t))^2) / 0.1^2), a loop to (0.35, 0.68) at t = 1.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

U = sp.Rational(3, 5)
w = sp.pi
ax, ay = U * sp.cos(w * t), U * sp.sin(w * t)
cx = sp.Rational(35, 100) + U * sp.sin(w * t) / w
cy = sp.Rational(3, 10) + U * (1 - sp.cos(w * t)) / w
exact = sp.exp(-((x - cx) ** 2 + (y - cy) ** 2) / sp.Rational(1, 10) ** 2)

domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="turning-wind")
pde = u(x, y, t).diff(t) + ax * u(x, y, t).diff(x) + ay * u(x, y, t).diff(y)
problem.equation("pde", sp.Eq(pde, 0))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.inflow("inflow", sp.Eq(u(x, y, t), exact))
problem.exact(exact)
