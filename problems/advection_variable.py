"""The paper's E5: u_t + x u_x = 0 on [0,1]^2, exact solution g(x exp(-t)).

Characteristics x = x0 exp(t) leave through x = 1, and x = 0 is itself a characteristic, so the
initial condition alone fixes the solution; the paper adds the consistent u(0, t) = g(0).
The interior weight is the paper's eps = W^(-1/2).
"""

import sympy as sp

from pinnls import Box, Grid, Problem, W

x, t = sp.symbols("x t")
u = sp.Function("u")
g = sp.exp(-(((x - 0.3) / 0.1) ** 2))

# A finer grid than the default 1/64: the wide basis below needs more points than functions.
fine = Grid(spacing=1 / 96)
domain = Box(x=(0, 1), t=(0, 1))
problem = Problem(u(x, t), domain, name="advection-variable")
problem.equation(
    "pde", sp.Eq(u(x, t).diff(t) + x * u(x, t).diff(x), 0), weight=W**-0.5, points=fine
)
problem.condition("initial", sp.Eq(u(x, 0), g), points=fine)
problem.condition("inflow", sp.Eq(u(0, t), g.subs(x, 0)), points=fine)
problem.exact(g.subs(x, x * sp.exp(-t)))

# A wide tanh basis solved by least squares alone (no LSGD steps): measured 9e-10 to 1.6e-9 rel L2
# over seeds 0-2 in 11-20 s on one busy core (docs/benchmarks.md). LSGD steps barely help at
# this width and each costs a least-squares solve.
settings = {"width": 2048, "activation": "tanh", "init_scale": 5, "iterations": 0, "rcond": 1e-15}
