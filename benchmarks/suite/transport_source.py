"""Transport with a source: u_t + 0.8 u_x = f on x in [0, 1], t in [0, 2] (manufactured).

Problem name: transport-source. Inflow on x = 0; f is derived from the exact solution.
Exact solution: u = (1 + x^2) cos(2 t) + 0.5 sin(3 x) t.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

exact = (1 + x**2) * sp.cos(2 * t) + sp.sin(3 * x) * t / 2

domain = Box(x=(0, 1), t=(0, 2))
template = Problem(u(x, t), domain, name="transport-source")
template.equation("pde", sp.Eq(u(x, t).diff(t) + 0.8 * u(x, t).diff(x), 0))
template.condition("initial", sp.Eq(u(x, 0), 0))
template.condition("inflow", sp.Eq(u(0, t), 0))
problem = template.manufactured(exact)
