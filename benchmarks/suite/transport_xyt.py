"""Transport in two space axes and time: u_t + u_x + 0.5 u_y = 0 on [0, 1]^2 x [0, 0.5].

Problem name: transport-xyt. Inflow on x = 0 and y = 0. Three axes: Sobol clouds keep the
number of rows moderate (a 1/64 grid would have 131072 interior points).
Exact solution: u = exp(-((x - t - 0.4)^2 + (y - 0.5 t - 0.4)^2) / 0.3^2) + 0.5 sin(x + 2 y - 2 t).
"""

import sympy as sp

from pinnls import Box, Problem, Sobol

x, y, t = sp.symbols("x y t")
u = sp.Function("u")


def g(px, py):
    return sp.exp(-((px - 0.4) ** 2 + (py - 0.4) ** 2) / 0.3**2) + sp.sin(px + 2 * py) / 2


exact = g(x - t, y - t / 2)

domain = Box(x=(0, 1), y=(0, 1), t=(0, 0.5))
problem = Problem(u(x, y, t), domain, name="transport-xyt")
problem.equation(
    "pde",
    sp.Eq(u(x, y, t).diff(t) + u(x, y, t).diff(x) + 0.5 * u(x, y, t).diff(y), 0),
    points=Sobol(8192),
)
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)), points=Sobol(1024))
problem.condition("inflow-x", sp.Eq(u(0, y, t), exact.subs(x, 0)), points=Sobol(512))
problem.condition("inflow-y", sp.Eq(u(x, 0, t), exact.subs(y, 0)), points=Sobol(512))
problem.exact(exact)
