"""u_t + v u_x = kappa u_xx on a column x in [0, 2], t in [0, 1]: a clean column (u = 0) whose
inlet x = 0 suddenly receives a constant total (advective + diffusive) solute flux v c0 at t = 0
-- the third-type ("flux") inlet condition of Lindstrom et al. (1967), van Genuchten & Alves
(1982, USDA Tech. Bull. 1661, solution A2 without decay) -- cut off at x = 2.

PDE:      u_t + v u_x = kappa u_xx with v = 1, kappa = 1/2 (Peclet number v L / kappa = 4).
Domain:   x in [0, 2], t in [0, 1].
Data:     initial t = 0:  u(x, 0) = 0
          inlet   x = 0:  v u(0, t) - kappa u_x(0, t) = v c0 with c0 = 1 (flux in; x = 0 is
                          the inflow end, v > 0)
                          -- disagrees with the initial data at (x, t) = (0, 0), where the
                          flux v u - kappa u_x is 0
          outlet  x = 2:  u(2, t) = exact(2, t)  (the semi-infinite column's value, Dirichlet)

Exact solution (semi-infinite column x > 0): with r = 2 sqrt(kappa t),
    u / c0 = 1/2 erfc((x - v t) / r) + sqrt(v^2 t / (pi kappa)) exp(-(x - v t)^2 / r^2)
             - 1/2 (1 + v x / kappa + v^2 t / kappa) exp(v x / kappa) erfc((x + v t) / r).
As t -> 0+ every term tends to 0 for x > 0, and u(0, t) -> 0 (u(0, t) ~ 2 c0 v sqrt(t/(pi
kappa)): only the flux jumps at the corner). At t = 0 sympy gives erfc(zoo*x) (undefined);
floats give 0 for x > 0.

Verified (/tmp/user38_scratch/verify.py, sympy 1.14): the PDE residual u_t + v u_x - kappa u_xx
simplifies to 0 (and is < 1e-25 at 200 random points with mpmath at 30 digits); the inlet
flux v u - kappa u_x simplifies to v c0 at x = 0; the outlet data hold to < 1e-25 at 200 random
t; u(x, 1e-30) < 1e-25 at 200 random x in [0.01, 2].
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

v = sp.Integer(1)  # drift velocity (inflow at x = 0)
kappa = sp.Rational(1, 2)  # dispersion coefficient
c0 = sp.Integer(1)  # inlet concentration: the inlet flux is v c0
L = sp.Integer(2)
T = sp.Integer(1)

r = 2 * sp.sqrt(kappa * t)
exact = c0 * (
    sp.erfc((x - v * t) / r) / 2
    + sp.sqrt(v**2 * t / (sp.pi * kappa)) * sp.exp(-((x - v * t) ** 2) / r**2)
    - (1 + v * x / kappa + v**2 * t / kappa) * sp.exp(v * x / kappa) * sp.erfc((x + v * t) / r) / 2
)

domain = Box(x=(0, L), t=(0, T))
problem = Problem(u(x, t), domain, name="rod-flux-with-drift")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + v * u(x, t).diff(x), kappa * u(x, t).diff(x, 2)))
problem.condition("initial", sp.Eq(u(x, 0), 0))
problem.condition("inlet", sp.Eq(v * u(0, t) - kappa * u(x, t).diff(x).subs(x, 0), v * c0))
problem.condition("outlet", sp.Eq(u(L, t), exact.subs(x, L)))
problem.exact(exact)
