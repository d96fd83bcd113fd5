"""u_t = kappa u_xx on a rod x in [0, 1], t in [0, 1/2]: a hot rod (u = 1) whose end x = 0 is
suddenly exposed at t = 0 to a fluid at u_ambient = 0 (Newton cooling, a convective/Robin end;
Carslaw & Jaeger, section 2.7).

PDE:      u_t = kappa u_xx with kappa = 1/2 (no source).
Domain:   x in [0, 1], t in [0, 1/2].
Data:     initial t = 0:  u(x, 0) = 1
          cooled  x = 0:  -k u_x(0, t) + H u(0, t) = H u_ambient = 0, with k = 1/2
                          (conductivity), H = 1 (heat transfer coefficient): h = H / k = 2
                          -- disagrees with the initial data at (x, t) = (0, 0), where
                          -k u_x + H u = 1
          right   x = 1:  u(1, t) = exact(1, t)  (the semi-infinite rod's value, Dirichlet)

Exact solution (semi-infinite rod x > 0 at 1, radiating into a medium at 0): with
z = x / (2 sqrt(kappa t)),
    u = erf(z) + exp(h x + h^2 kappa t) erfc(z + h sqrt(kappa t))
(= 1 - [erfc(z) - exp(h x + h^2 kappa t) erfc(z + h sqrt(kappa t))], the heating solution
subtracted from 1). Each of erf(z) and exp(h x + h^2 kappa t) erfc(z + h sqrt(kappa t)) solves
the heat equation; u_x(0, t) = h exp(h^2 kappa t) erfc(h sqrt(kappa t)) = h u(0, t), so the
Robin condition holds for every t > 0; as t -> 0+, u -> 1 for every x > 0, and u(0, t) -> 1
(continuous at the corner: only the flux jumps). At t = 0 sympy gives erf(zoo*x) (undefined);
floats give 1 for x > 0.

Verified (/tmp/user38_scratch/verify.py, sympy 1.14): the PDE residual u_t - kappa u_xx
simplifies to 0; the Robin and right-end data hold to < 1e-25 at 200 random t in (0, 1/2] with
mpmath at 30 digits; |u(x, 1e-30) - 1| < 1e-25 at 200 random x in [0.01, 1].
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

kappa = sp.Rational(1, 2)  # diffusivity
k = sp.Rational(1, 2)  # conductivity
H = sp.Integer(1)  # heat transfer coefficient
h = H / k  # = 2
u_ambient = sp.Integer(0)
L = sp.Integer(1)
T = sp.Rational(1, 2)

z = x / (2 * sp.sqrt(kappa * t))
exact = sp.erf(z) + sp.exp(h * x + h**2 * kappa * t) * sp.erfc(z + h * sp.sqrt(kappa * t))

domain = Box(x=(0, L), t=(0, T))
problem = Problem(u(x, t), domain, name="rod-convective-cooling")
problem.equation("pde", sp.Eq(u(x, t).diff(t), kappa * u(x, t).diff(x, 2)))
problem.condition("initial", sp.Eq(u(x, 0), 1))
problem.condition("cooled", sp.Eq(-k * u(x, t).diff(x).subs(x, 0) + H * u(0, t), H * u_ambient))
problem.condition("right", sp.Eq(u(L, t), exact.subs(x, L)))
problem.exact(exact)
