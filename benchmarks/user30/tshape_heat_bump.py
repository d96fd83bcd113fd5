"""Heat on a T-shaped plate with a decaying mode and a wandering, spreading Gaussian bump.

PDE:    u_t = 0.05 (u_xx + u_yy) + f   (f from the exact solution)
Domain: the T Polygon (0.5,0), (1,0), (1,0.7), (1.5,0.7), (1.5,1), (0,1), (0,0.7), (0.5,0.7)
        (a bar [0, 1.5] x [0.7, 1] on a stem [0.5, 1] x [0, 0.7]; two re-entrant corners),
        t in [0, 1]
Data:   u(x, y, 0); u = exact on the whole boundary (Dirichlet), for all t.
Exact:  u = exp(-t) sin(pi x) cos(pi y)
            + exp(-((x - 0.75)^2 + (y - 0.3 - 0.5 t)^2) / (0.02 (1 + t))) / (1 + t)
        (the bump rises up the stem into the bar; a Gaussian over a rational in t, so not
        a combination of sines, exponentials and polynomials a particular solution could use).
"""

import sympy as sp

from pinnls import Box, Polygon, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
kappa = sp.Rational(1, 20)
width2 = sp.Rational(2, 100) * (1 + t)
exact = sp.exp(-t) * sp.sin(sp.pi * x) * sp.cos(sp.pi * y) + sp.exp(
    -((x - sp.Rational(3, 4)) ** 2 + (y - sp.Rational(3, 10) - t / 2) ** 2) / width2
) / (1 + t)

tee = Polygon([(0.5, 0), (1, 0), (1, 0.7), (1.5, 0.7), (1.5, 1), (0, 1), (0, 0.7), (0.5, 0.7)])
domain = tee * Box(t=(0, 1))
U = u(x, y, t)
heat = Problem(U, domain, name="tshape-heat-bump")
heat.equation("pde", sp.Eq(U.diff(t) - kappa * (U.diff(x, 2) + U.diff(y, 2)), 0))
heat.condition("initial", sp.Eq(u(x, y, 0), 0))
heat.condition("walls", sp.Eq(U, 0), on=domain.boundary)
problem = heat.manufactured(exact)
