"""The paper's E4: u_t + u_x = 0 on [0,1]^2 with a hat as initial condition and u(0, t) = 0.

The exact solution hat(x - t) is a sum of three ReLUs of x - t, so a ReLU network of width >= 3
can represent it exactly.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")


def hat(s):
    """Hat of height 1 on [0.15, 0.45], peak at 0.3."""
    return sp.Max(0, 1 - sp.Abs(s - 0.3) / 0.15)


domain = Box(x=(0, 1), t=(0, 1))
problem = Problem(u(x, t), domain, name="advection-constant")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))
problem.condition("initial", sp.Eq(u(x, 0), hat(x)))
problem.condition("inflow", sp.Eq(u(0, t), 0))
problem.exact(hat(x - t))

settings = {
    "optimizer": "lsgd",
    "width": 32,
    "activation": "relu",
    "init": "box",
    "lr": 5e-3,
    "iterations": 1000,
}
