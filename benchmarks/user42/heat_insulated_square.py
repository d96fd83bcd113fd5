"""2-D heat in an insulated square: u_t = k (u_xx + u_yy), no source.

Domain: x in [0, 1], y in [0, 1], t in [0, 1]; diffusivity k = 1/10.

Conditions: u given at t = 0; zero flux on all four sides (Neumann: u_x = 0 on x = 0 and
x = 1, u_y = 0 on y = 0 and y = 1).

Exact solution: the (1, 1) cosine mode of the insulated square decaying at rate 2 pi^2 k
(to about 0.14 of its height at t = 1) on top of a constant mean temperature 1/2:

    u = exp(-2 pi^2 k t) cos(pi x) cos(pi y) + 1/2.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
R = sp.Rational
k = R(1, 10)
exact = sp.exp(-2 * sp.pi**2 * k * t) * sp.cos(sp.pi * x) * sp.cos(sp.pi * y) + R(1, 2)

domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="heat-insulated-square")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t), k * (U.diff(x, 2) + U.diff(y, 2))))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("flux-x0", sp.Eq(U.diff(x).subs(x, 0), 0))
problem.condition("flux-x1", sp.Eq(U.diff(x).subs(x, 1), 0))
problem.condition("flux-y0", sp.Eq(U.diff(y).subs(y, 0), 0))
problem.condition("flux-y1", sp.Eq(U.diff(y).subs(y, 1), 0))
problem.exact(exact)
