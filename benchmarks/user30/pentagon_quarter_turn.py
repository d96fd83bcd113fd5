"""A pulse turned a quarter of a revolution on an irregular pentagon.

PDE:    u_t - (y - 0.5) u_x + (x - 0.5) u_y = 0   (rotation about (0.5, 0.5), angular speed 1)
Domain: Polygon (0, 0), (1, 0.1), (1.1, 0.8), (0.5, 1.1), (-0.1, 0.7), t in [0, pi/2]
        (the flow crosses every edge: each is partly inflow, partly outflow)
Data:   u(x, y, 0) = g(x, y); inflow (a.n < 0) from the exact solution, via problem.inflow.
Exact:  u = g(rotated back by angle t), g = exp(-((x - 0.8)^2 + (y - 0.45)^2) / 0.12^2);
        the pulse goes from (0.8, 0.45) to about (0.55, 0.8).
"""

import sympy as sp

from pinnls import Box, Polygon, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
half = sp.Rational(1, 2)


def g(px, py):
    return sp.exp(
        -((px - sp.Rational(4, 5)) ** 2 + (py - sp.Rational(45, 100)) ** 2)
        / sp.Rational(12, 100) ** 2
    )


xr = half + (x - half) * sp.cos(t) + (y - half) * sp.sin(t)
yr = half - (x - half) * sp.sin(t) + (y - half) * sp.cos(t)
exact = g(xr, yr)

pentagon = Polygon([(0, 0), (1, 0.1), (1.1, 0.8), (0.5, 1.1), (-0.1, 0.7)])
domain = pentagon * Box(t=(0, sp.pi / 2))
problem = Problem(u(x, y, t), domain, name="pentagon-quarter-turn")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t) - (y - half) * U.diff(x) + (x - half) * U.diff(y), 0))
problem.condition("initial", sp.Eq(u(x, y, 0), g(x, y)))
problem.inflow("inflow", sp.Eq(U, exact))
problem.exact(exact)
