"""u_t + u_x = 0 on [0,1]^2: a Gaussian pulse carried to the right."""

import sympy as sp

from pinnls import Box, Grid, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
g = sp.exp(-(((x - 0.3) / 0.1) ** 2))

# A finer grid than the default 1/64: the wide basis below needs more points than functions.
fine = Grid(spacing=1 / 96)
domain = Box(x=(0, 1), t=(0, 1))
problem = Problem(u(x, t), domain, name="advection-gauss")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0), points=fine)
problem.condition("initial", sp.Eq(u(x, 0), g), points=fine)
problem.condition("inflow", sp.Eq(u(0, t), g.subs(x, -t)), points=fine)
problem.exact(g.subs(x, x - t))

# A wide tanh basis solved by least squares alone (no LSGD steps): measured 1.8e-8 to 3.2e-8 rel L2
# over seeds 0-2 in 20-32 s on one busy core (docs/benchmarks.md). LSGD steps barely help at
# this width and each costs a least-squares solve.
settings = {"width": 2560, "activation": "tanh", "init_scale": 5, "iterations": 0, "rcond": 1e-15}
