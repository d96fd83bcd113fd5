"""u_t = kappa u_xx on a rod x in [0, 1], t in [0, 1/2]: the CONTROL for rod_constant_flux.py --
the same equation, the same flux q into the end x = 0 and a Dirichlet far end,
but initial data whose slope at x = 0 already carries that flux, so nothing is singular.

PDE:      u_t = kappa u_xx with kappa = 1/2 (no source).
Domain:   x in [0, 1], t in [0, 1/2].
Data:     initial t = 0:  u(x, 0) = cos(x) - (q / K) x
          flux    x = 0:  -K u_x(0, t) = q with K = 2 (conductivity), q = 3/2
                          -- agrees with the initial data: -K u_x(0, 0) = q
          right   x = 1:  u(1, t) = exp(-kappa t) cos(1) - q / K

Exact solution (a steady linear profile carrying the flux plus a decaying separable mode):
    u = exp(-kappa t) cos(x) - (q / K) x.
u_t = -kappa exp(-kappa t) cos(x) = kappa u_xx; u_x = -exp(-kappa t) sin(x) - q / K, so
-K u_x(0, t) = q for every t >= 0. Smooth everywhere, including the corner (0, 0); the
data are compatible to every order there (u_t(0, 0) = -kappa = kappa u_xx(0, 0)).

Verified (/tmp/user38_scratch/verify.py, sympy 1.14): the PDE residual simplifies to 0; the
initial, flux and right-end residuals simplify to 0 (exactly, no limits needed).
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

exact = sp.exp(-kappa * t) * sp.cos(x) - (q / K) * x

domain = Box(x=(0, L), t=(0, T))
problem = Problem(u(x, t), domain, name="rod-flux-compatible")
problem.equation("pde", sp.Eq(u(x, t).diff(t), kappa * u(x, t).diff(x, 2)))
problem.condition("initial", sp.Eq(u(x, 0), sp.cos(x) - (q / K) * x))
problem.condition("flux", sp.Eq(-K * u(x, t).diff(x).subs(x, 0), q))
problem.condition("right", sp.Eq(u(L, t), exact.subs(x, L)))
problem.exact(exact)
