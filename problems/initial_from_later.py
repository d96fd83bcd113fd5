"""u_t + u_x = 0 on [0,2] x [0,1]: the initial state recovered from measurements at t = 1.

Nothing is given at t = 0: u is measured at 200 points of the line t = 1 (noise-free,
synthetic) and the inflow u(0, t) is known. The characteristics carry u(x, 0) for x in [0, 1]
to the sensors, so the initial state is determined there; for x in (1, 2] it leaves through
x = 2 before t = 1 and nothing determines it (errors over the whole box are large in that
corner; measure u(x, 0) on [0, 1]).
"""

import numpy as np
import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
initial = sp.sin(2 * x + 1) + sp.cos(3 * x)

later = np.linspace(0, 2, 200)
sensors = np.stack([later, np.ones(200)], axis=1)  # (x, t = 1)

domain = Box(x=(0, 2), t=(0, 1))
problem = Problem(u(x, t), domain, name="initial-from-later")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0), points="sobol:8192")
problem.condition("inflow", sp.Eq(u(0, t), initial.subs(x, -t)))
problem.data("later", u(x, t), points=sensors, values=sp.lambdify(x, initial)(later - 1))
problem.exact(initial.subs(x, x - t))
