"""2-D reaction-diffusion in a graded material, time axis named tau.

u_tau = div((1 + 0.5 x) grad u) - 0.5 u + f on [0, 1] x [0, 2], tau in [0, 0.5].
Exact: u = exp(-tau) sin(pi x) cos(pi y / 2) + 0.2 x y tau; f manufactured.
Dirichlet on all four walls.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, tau = sp.symbols("x y tau")
u = sp.Function("u")
k = 1 + x / 2
exact = sp.exp(-tau) * sp.sin(sp.pi * x) * sp.cos(sp.pi * y / 2) + sp.Rational(1, 5) * x * y * tau


def L(f):
    return f.diff(tau) - sp.diff(k * f.diff(x), x) - sp.diff(k * f.diff(y), y) + f / 2


domain = Box(x=(0, 1), y=(0, 2), tau=(0, 0.5))
problem = Problem(u(x, y, tau), domain, name="reaction-diffusion-graded", time=tau)
U = u(x, y, tau)
problem.equation("pde", sp.Eq(L(U), sp.simplify(L(exact))))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(tau, 0)))
for axis, value in [(x, 0), (x, 1), (y, 0), (y, 2)]:
    problem.condition(f"wall-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value)))
problem.exact(exact)
