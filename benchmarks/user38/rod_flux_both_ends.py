"""u_t = kappa u_xx on a rod x in [0, 1], t in [0, 1]: a cold rod (u = 0) into whose end x = 0
a constant heat flux q is switched on at t = 0, the far end x = 1 held by its exact (outgoing)
flux, so both ends carry derivative (Neumann) conditions.

PDE:      u_t = kappa u_xx with kappa = 1/4 (no source).
Domain:   x in [0, 1], t in [0, 1].
Data:     initial t = 0:  u(x, 0) = 0
          flux    x = 0:  -u_x(0, t) = q with q = 2 (conductivity 1)
                          -- disagrees with the initial data's slope 0 at (x, t) = (0, 0)
          far     x = 1:  u_x(1, t) = -q erfc(1 / (2 sqrt(kappa t)))  (the exact flux there;
                          it tends to 0 as t -> 0+, so it agrees with the initial data)
With the initial data, the two Neumann ends fix u uniquely (no additive constant is free).

Exact solution (semi-infinite rod x > 0, constant flux q in at x = 0): with s = 2 sqrt(kappa t),
    u = 2 q sqrt(kappa t / pi) exp(-x^2 / s^2) - q x erfc(x / s),
    u_x = -q erfc(x / s).
As t -> 0+, u -> 0 for every x >= 0 (u(0, t) = 2 q sqrt(kappa t / pi)). At t = 0 sympy gives
x*erfc(zoo*x) (undefined); floats give 0 for x > 0.

Verified (/tmp/user38_scratch/verify.py, sympy 1.14): the PDE residual simplifies to 0;
u_x - (-q erfc(x / s)) simplifies to 0; both Neumann data hold to < 1e-25 at 200 random t in
(0, 1] with mpmath at 30 digits; u(x, 1e-30) < 1e-25 at 200 random x in [0.01, 1].
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

kappa = sp.Rational(1, 4)  # diffusivity
q = sp.Integer(2)  # heat flux into the rod at x = 0 (conductivity 1)
L = sp.Integer(1)
T = sp.Integer(1)

s = 2 * sp.sqrt(kappa * t)
exact = 2 * q * sp.sqrt(kappa * t / sp.pi) * sp.exp(-(x**2) / s**2) - q * x * sp.erfc(x / s)
far_flux = -q * sp.erfc(L / s)  # u_x(L, t) of the exact solution

domain = Box(x=(0, L), t=(0, T))
problem = Problem(u(x, t), domain, name="rod-flux-both-ends")
problem.equation("pde", sp.Eq(u(x, t).diff(t), kappa * u(x, t).diff(x, 2)))
problem.condition("initial", sp.Eq(u(x, 0), 0))
problem.condition("flux", sp.Eq(-u(x, t).diff(x).subs(x, 0), q))
problem.condition("far", sp.Eq(u(x, t).diff(x).subs(x, L), far_flux))
problem.exact(exact)
