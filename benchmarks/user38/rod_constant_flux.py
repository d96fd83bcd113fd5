"""u_t = kappa u_xx on a rod x in [0, 1], t in [0, 1/2]: a cold rod (u = 0) into whose end
x = 0 a constant heat flux q is suddenly switched on at t = 0 (Carslaw & Jaeger, section 2.9).

PDE:      u_t = kappa u_xx with kappa = 1/2 (no source).
Domain:   x in [0, 1], t in [0, 1/2].
Data:     initial t = 0:  u(x, 0) = 0
          flux    x = 0:  -K u_x(0, t) = q with K = 2 (conductivity), q = 3/2
                          -- disagrees with the initial data at (x, t) = (0, 0), where
                          -K u_x(x, 0) = 0
          right   x = 1:  u(1, t) = exact(1, t)  (the semi-infinite rod's value, Dirichlet)

Exact solution (semi-infinite rod x > 0, constant flux q in at x = 0): with s = 2 sqrt(kappa t),
    u = (2 q / K) sqrt(kappa t / pi) exp(-x^2 / s^2) - (q / K) x erfc(x / s).
Its gradient is u_x = -(q / K) erfc(x / s), so -K u_x(0, t) = q erfc(0) = q for every t > 0;
as t -> 0+ both terms tend to 0 for every x >= 0 (u(0, t) = (2 q / K) sqrt(kappa t / pi)
grows like sqrt(t): the flux/initial disagreement is a weak sqrt(t) singularity at the corner).
At t = 0 sympy gives x*erfc(zoo*x) (undefined); floats give 0 for x > 0.

Verified (/tmp/user38_scratch/verify.py, sympy 1.14): the PDE residual u_t - kappa u_xx
simplifies to 0; u_x simplifies to -(q/K) erfc(x/s); the flux and right-end data hold to
< 1e-25 at 200 random t in (0, 1/2] with mpmath at 30 digits; u(x, 1e-30) < 1e-25 at 200
random x in [0.01, 1] and the limit t -> 0+ of u(0, t) is 0.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

kappa = sp.Rational(1, 2)  # diffusivity
K = sp.Integer(2)  # conductivity
q = sp.Rational(3, 2)  # heat flux into the rod at x = 0
L = sp.Integer(1)
T = sp.Rational(1, 2)

s = 2 * sp.sqrt(kappa * t)
exact = (2 * q / K) * sp.sqrt(kappa * t / sp.pi) * sp.exp(-(x**2) / s**2) - (q / K) * x * sp.erfc(
    x / s
)

domain = Box(x=(0, L), t=(0, T))
problem = Problem(u(x, t), domain, name="rod-constant-flux")
problem.equation("pde", sp.Eq(u(x, t).diff(t), kappa * u(x, t).diff(x, 2)))
problem.condition("initial", sp.Eq(u(x, 0), 0))
problem.condition("flux", sp.Eq(-K * u(x, t).diff(x).subs(x, 0), q))
problem.condition("right", sp.Eq(u(L, t), exact.subs(x, L)))
problem.exact(exact)
