"""Transport by a sheared, sinking flow with inflow data: u_t + (1/2 + y) u_x - (1/5) u_y = 0.

Domain: x in [0, 2], y in [0, 1], t in [0, 1]. The velocity a = (1/2 + y, -1/5) varies across
the box: faster at the top, and everything sinks slowly. The flow enters through x = 0
(a . n = -(1/2 + y)) and through the top y = 1 (a . n = -1/5), and leaves through x = 2 and the
bottom y = 0.

Conditions: u given at t = 0; u given where the flow enters (problem.inflow: the faces x = 0
and y = 1), from the exact solution; no condition on the outflow faces.

Exact solution, by characteristics: a point at (x, y) at time t started from
y0 = y + t / 5, x0 = x - t / 2 - y t - t^2 / 10, and u(x, y, t) = g(x0, y0) with

    g(x, y) = exp(-((x - 0.5)^2 + (y - 0.5)^2) / 0.15^2)
              + 0.5 exp(-((x + 0.4) / 0.2)^2) sin(2 pi y):

a round Gaussian blob of width 0.15 starting at (0.5, 0.5) and sheared as it moves (its centre
reaches (1.4, 0.3) at t = 1), and a band of width 0.2 upstream of the box, modulated by one
period of sin(2 pi y), that enters through x = 0 from about t = 0.15 at the top (where the
flow is fastest) to t = 1 at the bottom.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")


def g(px, py):
    """The state at t = 0, continued upstream of x = 0."""
    blob = sp.exp(
        -((px - sp.Rational(1, 2)) ** 2 + (py - sp.Rational(1, 2)) ** 2) / sp.Rational(3, 20) ** 2
    )
    band = sp.Rational(1, 2) * sp.exp(-(((px + sp.Rational(2, 5)) / sp.Rational(1, 5)) ** 2))
    return blob + band * sp.sin(2 * sp.pi * py)


x0 = x - t / 2 - y * t - t**2 / 10
y0 = y + t / 5
exact = g(x0, y0)

domain = Box(x=(0, 2), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="transport-shear-inflow")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t) + (sp.Rational(1, 2) + y) * U.diff(x) - U.diff(y) / 5, 0))
problem.condition("initial", sp.Eq(u(x, y, 0), g(x, y)))
problem.inflow("inflow", sp.Eq(U, exact))
problem.exact(exact)
