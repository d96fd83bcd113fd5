"""2-D transport in a rotating wind, data on every side: u_t + cos(t) u_x + sin(t) u_y = 0.

Domain: x in [0, 1], y in [0, 1], t in [0, 1]. The wind has unit speed and turns
counter-clockwise with time, from +x at t = 0 to about 57 degrees above +x at t = 1.

Conditions: u given at t = 0 and on all four sides x = 0, x = 1, y = 0, y = 1 (the exact
solution's values everywhere on the boundary, inflow and outflow alike, as one would write it
knowing the answer). All data are the exact solution's.

Exact solution: the characteristics are X(t) = x0 + sin t, Y(t) = y0 + 1 - cos t, so a
Gaussian of width 0.15 centred at (0.25, 0.3) at t = 0 is carried along an arc to about
(1.09, 0.76) at t = 1 (half out through x = 1) without changing shape:

    u = exp(-((x - 0.25 - sin t)^2 + (y - 0.3 - (1 - cos t))^2) / 0.15^2).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
R = sp.Rational
width = R(15, 100)
cx = R(1, 4) + sp.sin(t)
cy = R(3, 10) + 1 - sp.cos(t)
exact = sp.exp(-((x - cx) ** 2 + (y - cy) ** 2) / width**2)

domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="transport-rotating-wind-gauss")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t) + sp.cos(t) * U.diff(x) + sp.sin(t) * U.diff(y), 0))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
for axis in (x, y):
    for value in (0, 1):
        problem.condition(
            f"side-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value))
        )
problem.exact(exact)
