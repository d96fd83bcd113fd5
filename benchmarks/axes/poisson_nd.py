"""PINNacle's PNd (5-D Poisson; Hao et al., NeurIPS 2024), stated exactly.

As PINNacle's ``PoissonND`` (src/pde/poisson.py, dim = 5, len = 1):

    -Laplace(u) = (pi^2 / 4) sum_i sin(pi x_i / 2)   on [0, 1]^5,
    u = sum_i sin(pi x_i / 2)                          on the boundary (ten faces).

Exact: u = sum_i sin(pi x_i / 2), each term's second derivative being -(pi / 2)^2 times it.
Five axes, no time.
"""

import sympy as sp

from pinnls import Box, Problem

xs = sp.symbols("x1:6")
u = sp.Function("u")

exact = sum(sp.sin(sp.pi * xi / 2) for xi in xs)

domain = Box(**{str(xi): (0, 1) for xi in xs})
problem = Problem(u(*xs), domain, name="poisson-nd")
U = u(*xs)
laplacian = sum(U.diff(xi, 2) for xi in xs)
problem.equation("pde", sp.Eq(-laplacian, sp.pi**2 / 4 * exact))
for xi in xs:
    for value in (0, 1):
        problem.condition(f"face-{xi}-{value}", sp.Eq(U.subs(xi, value), exact.subs(xi, value)))
problem.exact(exact)
