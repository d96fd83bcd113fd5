"""A pulse drifting across a plane, with the axes named as in the user's notes (xi, eta, tau).

    u_tau + 0.5 u_xi + u_eta = 0   on [-1, 1]^2 x [0, 1],

a Gaussian starting at (-0.3, -0.5); data enter through xi = -1 and eta = -1.
"""

import sympy as sp

from pinnls import Box, Problem

xi, eta, tau = sp.symbols("xi eta tau")
u = sp.Function("u")
exact = sp.exp(
    -((xi + sp.Rational(3, 10) - tau / 2) ** 2 + (eta + sp.Rational(1, 2) - tau) ** 2)
    / sp.Rational(1, 10)
)

problem = Problem(u(xi, eta, tau), Box(xi=(-1, 1), eta=(-1, 1), tau=(0, 1)), name="named-axes")
U = u(xi, eta, tau)
problem.equation("pde", sp.Eq(U.diff(tau) + U.diff(xi) / 2 + U.diff(eta), 0))
problem.condition("start", sp.Eq(u(xi, eta, 0), exact.subs(tau, 0)))
problem.inflow("inflow", sp.Eq(U, exact))
problem.exact(exact)
