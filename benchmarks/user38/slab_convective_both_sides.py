"""u_t = kappa (u_xx + u_yy) on a plate [0, 1] x [0, 1], t in [0, 1/2]: a plate at u0 = 1/5
whose face x = 0 is suddenly exposed at t = 0 to a hot fluid at u_ambient = 1 (Newton heating, a
convective/Robin face); the face x = 1 is held at the exact value and the top and bottom edges
are insulated, so the solution does not depend on y (a slab heated from one side).

PDE:      u_t = kappa (u_xx + u_yy) with kappa = 2/5 (no source).
Domain:   x in [0, 1], y in [0, 1], t in [0, 1/2].
Data:     initial t = 0:  u(x, y, 0) = u0 = 1/5
          heated  x = 0:  -k u_x(0, y, t) + H u(0, y, t) = H u_ambient, with k = 4/5
                          (conductivity), H = 6/5 (heat transfer coefficient): h = H / k = 3/2
                          -- disagrees with the initial data along x = 0, t = 0, where
                          -k u_x + H u = H u0
          right   x = 1:  u(1, y, t) = exact(1, t)  (the semi-infinite slab's value, Dirichlet)
          bottom  y = 0:  u_y(x, 0, t) = 0  (insulated)
          top     y = 1:  u_y(x, 1, t) = 0  (insulated)

Exact solution (semi-infinite solid x > 0 at u0, exchanging heat with a fluid at u_ambient
through x = 0; Carslaw & Jaeger, section 2.7): with z = x / (2 sqrt(kappa t)),
    u = u_ambient + (u0 - u_ambient) [erf(z) + exp(h x + h^2 kappa t) erfc(z + h sqrt(kappa t))].
The bracket solves the heat equation, tends to 1 as t -> 0+ for x > 0 and satisfies
bracket_x(0, t) = h bracket(0, t), so k u_x(0, t) = H (u(0, t) - u_ambient). Independent of y,
so u_yy = 0 and u_y = 0 on y = 0, 1. u is continuous at the corner edge x = 0, t = 0
(u(0, t) -> u0): only the heat flux jumps. At t = 0 sympy gives erf(zoo*x) (undefined); floats
give u0 for x > 0.

Verified (/tmp/user38_scratch/verify.py, sympy 1.14): the PDE residual u_t - kappa (u_xx +
u_yy) simplifies to 0; the Robin and right-face data hold to < 1e-25 at 200 random points with
mpmath at 30 digits; u_y is identically 0; |u(x, y, 1e-30) - u0| < 1e-25 at 200 random points
with x in [0.01, 1].
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

kappa = sp.Rational(2, 5)  # diffusivity
k = sp.Rational(4, 5)  # conductivity
H = sp.Rational(6, 5)  # heat transfer coefficient
h = H / k  # = 3/2
u0 = sp.Rational(1, 5)  # initial temperature
u_ambient = sp.Integer(1)  # fluid temperature
T = sp.Rational(1, 2)

z = x / (2 * sp.sqrt(kappa * t))
bracket = sp.erf(z) + sp.exp(h * x + h**2 * kappa * t) * sp.erfc(z + h * sp.sqrt(kappa * t))
exact = u_ambient + (u0 - u_ambient) * bracket

U = u(x, y, t)
domain = Box(x=(0, 1), y=(0, 1), t=(0, T))
problem = Problem(U, domain, name="slab-convective-both-sides")
problem.equation("pde", sp.Eq(U.diff(t), kappa * (U.diff(x, 2) + U.diff(y, 2))))
problem.condition("initial", sp.Eq(u(x, y, 0), u0))
problem.condition("heated", sp.Eq(-k * U.diff(x).subs(x, 0) + H * u(0, y, t), H * u_ambient))
problem.condition("right", sp.Eq(u(1, y, t), exact.subs(x, 1)))
problem.condition("bottom", sp.Eq(U.diff(y).subs(y, 0), 0))
problem.condition("top", sp.Eq(U.diff(y).subs(y, 1), 0))
problem.exact(exact)
