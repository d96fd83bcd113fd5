"""u_t = kappa (u_xx + u_yy) on a plate [0, 1] x [0, 1], t in [0, 1/2]: a cold plate (u = 0)
whose edge x = 0 receives a uniform heat flux q switched on at t = 0; the other three edges are
held at the exact (semi-infinite, 1-D) values, so the solution does not depend on y.

PDE:      u_t = kappa (u_xx + u_yy) with kappa = 1/2 (no source).
Domain:   x in [0, 1], y in [0, 1], t in [0, 1/2].
Data:     initial t = 0:  u(x, y, 0) = 0
          flux    x = 0:  -K u_x(0, y, t) = q with K = 1 (conductivity), q = 3/2
                          -- disagrees with the initial data's slope 0 along the edge
                          x = 0, t = 0
          right   x = 1:  u(1, y, t) = w(1, t)
          bottom  y = 0:  u(x, 0, t) = w(x, t)
          top     y = 1:  u(x, 1, t) = w(x, t)

Exact solution: the semi-infinite rod's constant-flux solution (Carslaw & Jaeger, section 2.9),
with s = 2 sqrt(kappa t),
    u = w(x, t) = (2 q / K) sqrt(kappa t / pi) exp(-x^2 / s^2) - (q / K) x erfc(x / s),
independent of y (so u_yy = 0 and it solves the 2-D equation). w_x = -(q / K) erfc(x / s), so
-K u_x(0, y, t) = q for t > 0; as t -> 0+, w -> 0 for x >= 0. At t = 0 sympy gives
x*erfc(zoo*x) (undefined); floats give 0 for x > 0. The bottom and top data equal 0 at t = 0
for x > 0 and 2 q / K sqrt(kappa t / pi) at x = 0: they meet the flux edge continuously.

Verified (/tmp/user38_scratch/verify.py, sympy 1.14): the PDE residual u_t - kappa (u_xx +
u_yy) simplifies to 0; u_x simplifies to -(q/K) erfc(x/s); every edge's data hold to < 1e-25
at 200 random points with mpmath at 30 digits; u(x, y, 1e-30) < 1e-25 at 200 random points
with x in [0.01, 1].
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

kappa = sp.Rational(1, 2)  # diffusivity
K = sp.Integer(1)  # conductivity
q = sp.Rational(3, 2)  # heat flux into the plate through x = 0
T = sp.Rational(1, 2)

s = 2 * sp.sqrt(kappa * t)
exact = (2 * q / K) * sp.sqrt(kappa * t / sp.pi) * sp.exp(-(x**2) / s**2) - (q / K) * x * sp.erfc(
    x / s
)

U = u(x, y, t)
domain = Box(x=(0, 1), y=(0, 1), t=(0, T))
problem = Problem(U, domain, name="plate-flux-edge")
problem.equation("pde", sp.Eq(U.diff(t), kappa * (U.diff(x, 2) + U.diff(y, 2))))
problem.condition("initial", sp.Eq(u(x, y, 0), 0))
problem.condition("flux", sp.Eq(-K * U.diff(x).subs(x, 0), q))
problem.condition("right", sp.Eq(u(1, y, t), exact.subs(x, 1)))
problem.condition("bottom", sp.Eq(u(x, 0, t), exact.subs(y, 0)))
problem.condition("top", sp.Eq(u(x, 1, t), exact.subs(y, 1)))
problem.exact(exact)
