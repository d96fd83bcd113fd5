"""CONTROL. u_t = u_xx + u_yy on the unit square, t in [0, 1/4]: the first mode of a plate
held at 0 decaying; every piece of data agrees where they meet.

PDE:      u_t = u_xx + u_yy (no source).
Domain:   x in [0, 1], y in [0, 1], t in [0, 1/4].
Data:     initial t = 0:  u(x, y, 0) = sin(pi x) sin(pi y)
          edges x = 0, x = 1, y = 0, y = 1:  u = 0
The initial data vanish on the edges, where the edge data are 0: the data are compatible at
t = 0 (to every order: sin(pi x) sin(pi y) is an eigenfunction, so its Laplacian also
vanishes on the edges).

Exact solution: u = exp(-2 pi^2 t) sin(pi x) sin(pi y), analytic on the closed box.

Nothing disagrees: this is the smooth control beside the files of this folder whose held
boundary values jump from the initial state.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
U = u(x, y, t)

exact = sp.exp(-2 * sp.pi**2 * t) * sp.sin(sp.pi * x) * sp.sin(sp.pi * y)

domain = Box(x=(0, 1), y=(0, 1), t=(0, sp.Rational(1, 4)))
problem = Problem(U, domain, name="control-smooth-plate")
problem.equation("pde", sp.Eq(U.diff(t), U.diff(x, 2) + U.diff(y, 2)))
problem.condition("initial", sp.Eq(u(x, y, 0), sp.sin(sp.pi * x) * sp.sin(sp.pi * y)))
problem.condition("left", sp.Eq(u(0, y, t), 0))
problem.condition("right", sp.Eq(u(1, y, t), 0))
problem.condition("bottom", sp.Eq(u(x, 0, t), 0))
problem.condition("top", sp.Eq(u(x, 1, t), 0))
problem.exact(exact)
