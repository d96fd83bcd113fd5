"""1-D Helmholtz with the random feature method paper's Example 3.1 (benchmarks/vs_pyrfm.py).

Problem name: helmholtz-1d. u'' + 4 u = f on [0, 8] (u'' - lambda u with lambda = -4), Dirichlet
data at both ends, f and the data derived from the exact solution of pyRFM's
examples/Classic/Helmholtz-1.py: u = sin(3 pi x + 3 pi/20) cos(2 pi x + pi/10) + 2.
"""

import sympy as sp

from pinnls import Box, Problem

x = sp.symbols("x")
u = sp.Function("u")

exact = sp.sin(3 * sp.pi * x + 3 * sp.pi / 20) * sp.cos(2 * sp.pi * x + sp.pi / 10) + 2

domain = Box(x=(0, 8))
template = Problem(u(x), domain, name="helmholtz-1d")
template.equation("pde", sp.Eq(u(x).diff(x, 2) + 4 * u(x), 0))
template.condition("left", sp.Eq(u(0), 0))
template.condition("right", sp.Eq(u(8), 0))
problem = template.manufactured(exact)
