"""Steady reaction-diffusion with a declared rate: -(u_xx + u_yy) + r u = 0, parameter r.

Domain: the unit square x, y in [0, 1]; no time axis. r is a parameter (default 4); solve at
other rates with --set r=VALUE.

Conditions: u given on all four edges (Dirichlet). All data are the exact solution's.

Exact solution: a mode that decays away from the edge x = 1, more steeply as r grows
(a boundary layer of width 1/s):

    u = exp(s (x - 1)) sin(pi y),    s = sqrt(r + pi^2).
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
r = sp.Symbol("r")
u = sp.Function("u")
s = sp.sqrt(r + sp.pi**2)
exact = sp.exp(s * (x - 1)) * sp.sin(sp.pi * y)

domain = Box(x=(0, 1), y=(0, 1))
problem = Problem(u(x, y), domain, name="reaction-diffusion-param", parameters={"r": 4.0})
U = u(x, y)
problem.equation("pde", sp.Eq(-(U.diff(x, 2) + U.diff(y, 2)) + r * U, 0))
for axis, value in [(x, 0), (x, 1), (y, 0), (y, 1)]:
    problem.condition(f"edge-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value)))
problem.exact(exact)
