"""Transport by a shear flow in two space axes and time: u_t + y u_x = 0.

    u_t + y u_x = 0   on (x, y) in [0, 1]^2, t in [0, 1].

Each horizontal line moves at its own speed y, so a round pulse at (0.3, 0.5) is sheared into an
ellipse that tilts over time: steep gradients grow along x as t grows (|u_x t| ~ y t / 0.15).
The flow enters through x = 0 (a.n = -y, zero at the corner y = 0); the faces y = 0 and y = 1
are along the flow. Exact: u = g(x - y t, y).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")


def g(px, py):
    pulse = sp.exp(-((px - 0.3) ** 2 + (py - 0.5) ** 2) / 0.15**2)
    return pulse + sp.cos(px + py) / 2


exact = g(x - y * t, y)

domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="transport-shear-2d")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t) + y * U.diff(x), 0))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.inflow("inflow", sp.Eq(U, exact))
problem.exact(exact)
