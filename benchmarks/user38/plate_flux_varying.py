"""u_t = kappa (u_xx + u_yy) on a plate [0, 1] x [0, 1], t in [0, 1/2]: a cold plate (u = 0)
whose edge x = 0 receives a heat flux q(y) = q0 sin(pi y), varying along the edge, switched on at
t = 0; the edges y = 0 and y = 1 are held at 0 and the edge x = 1 at the exact value.

PDE:      u_t = kappa (u_xx + u_yy) with kappa = 1/2 (no source).
Domain:   x in [0, 1], y in [0, 1], t in [0, 1/2].
Data:     initial t = 0:  u(x, y, 0) = 0
          flux    x = 0:  -K u_x(0, y, t) = q0 sin(pi y) with K = 1, q0 = 2
                          -- disagrees with the initial data's slope 0 along x = 0, t = 0
                          (except at the ends y = 0, 1, where q vanishes)
          right   x = 1:  u(1, y, t) = sin(pi y) W(1, t)
          bottom  y = 0:  u(x, 0, t) = 0
          top     y = 1:  u(x, 1, t) = 0

Exact solution: u = sin(pi y) W(x, t). Since u_yy = -pi^2 u, W solves the 1-D equation with a
loss term, W_t = kappa W_xx - c W with c = kappa pi^2, W(x, 0) = 0 and -K W_x(0, t) = q0.
By Laplace transform, W_bar = (q0/K) sqrt(kappa) exp(-x sqrt((p + c)/kappa)) / (p sqrt(p + c));
inverting (shift p -> p + c of exp(-a sqrt(p))/sqrt(p), then integrate in t, as in Carslaw &
Jaeger's appendix V) gives, with z = x / (2 sqrt(kappa t)) and sqrt(c / kappa) = pi,
    W = (q0 / (2 pi K)) [ exp(-pi x) erfc(z - pi sqrt(kappa t))
                          - exp(pi x) erfc(z + pi sqrt(kappa t)) ].
At x = 0 the erfc derivatives cancel and W_x(0, t) = -(q0 / (2 K)) [erfc(-a) + erfc(a)] =
-q0 / K (a = pi sqrt(kappa t)). As t -> 0+, W -> 0 for x > 0 and W(0, t) -> 0 (like sqrt(t));
as t -> oo, W -> (q0 / (pi K)) exp(-pi x), the steady flux solution. At t = 0 sympy gives
erfc(zoo*x) (undefined); floats give 0 for x > 0.

Verified (/tmp/user38_scratch/verify.py, sympy 1.14): the PDE residual u_t - kappa (u_xx +
u_yy) simplifies to 0; -K u_x(0, y, t) simplifies to q0 sin(pi y); the right-edge data hold
to < 1e-25 and the bottom/top data are exactly 0 at 200 random points (mpmath, 30 digits);
u(x, y, 1e-30) < 1e-25 at 200 random points with x in [0.01, 1].
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

kappa = sp.Rational(1, 2)  # diffusivity
K = sp.Integer(1)  # conductivity
q0 = sp.Integer(2)  # peak heat flux into the plate through x = 0
T = sp.Rational(1, 2)

z = x / (2 * sp.sqrt(kappa * t))
a = sp.pi * sp.sqrt(kappa * t)
W = (
    q0
    / (2 * sp.pi * K)
    * (sp.exp(-sp.pi * x) * sp.erfc(z - a) - sp.exp(sp.pi * x) * sp.erfc(z + a))
)
exact = sp.sin(sp.pi * y) * W

U = u(x, y, t)
domain = Box(x=(0, 1), y=(0, 1), t=(0, T))
problem = Problem(U, domain, name="plate-flux-varying")
problem.equation("pde", sp.Eq(U.diff(t), kappa * (U.diff(x, 2) + U.diff(y, 2))))
problem.condition("initial", sp.Eq(u(x, y, 0), 0))
problem.condition("flux", sp.Eq(-K * U.diff(x).subs(x, 0), q0 * sp.sin(sp.pi * y)))
problem.condition("right", sp.Eq(u(1, y, t), exact.subs(x, 1)))
problem.condition("bottom", sp.Eq(u(x, 0, t), 0))
problem.condition("top", sp.Eq(u(x, 1, t), 0))
problem.exact(exact)
