"""Advection-diffusion with a source in a long channel: u_t + u_x = nu (u_xx + u_yy) + f.

Domain: the channel x in [0, 3] (along the flow), y in [0, 1] (across), t in [0, 3/2]; flow
speed 1 along x, diffusivity nu = 1/50.

Conditions: u given at t = 0; u = 0 on the walls y = 0 and y = 1; u given at the inlet x = 0
(Dirichlet); the flux u_x given at the outlet x = 3 (Neumann). All data are the exact
solution's.

Exact solution (manufactured, the source f = u_t + u_x - nu (u_xx + u_yy) is derived from it):
a Gaussian pulse of width 0.15 along x, centred at x = 0.6 at t = 0 and carried downstream at
speed 1 without spreading (the source makes up for the diffusion), with the profile sin(pi y)
across the channel, plus a standing pattern that grows linearly in time,
0.2 t sin(4 pi x / 3) sin(2 pi y) (two periods along the channel, one across):

    u = exp(-((x - 0.6 - t) / 0.15)^2) sin(pi y) + 0.2 t sin(4 pi x / 3) sin(2 pi y).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
nu = sp.Rational(1, 50)

pulse = sp.exp(-(((x - sp.Rational(3, 5) - t) / sp.Rational(3, 20)) ** 2)) * sp.sin(sp.pi * y)
pattern = sp.Rational(1, 5) * t * sp.sin(4 * sp.pi * x / 3) * sp.sin(2 * sp.pi * y)
exact = pulse + pattern


def operator(w):
    """u_t + u_x - nu (u_xx + u_yy), applied to w."""
    return w.diff(t) + w.diff(x) - nu * (w.diff(x, 2) + w.diff(y, 2))


source = operator(exact)

domain = Box(x=(0, 3), y=(0, 1), t=(0, sp.Rational(3, 2)))
problem = Problem(u(x, y, t), domain, name="advdiff-channel-source")
problem.equation("pde", sp.Eq(operator(u(x, y, t)), source))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("inlet", sp.Eq(u(0, y, t), exact.subs(x, 0)))
problem.condition("outlet", sp.Eq(u(x, y, t).diff(x).subs(x, 3), exact.diff(x).subs(x, 3)))
problem.condition("wall-bottom", sp.Eq(u(x, 0, t), 0))
problem.condition("wall-top", sp.Eq(u(x, 1, t), 0))
problem.exact(exact)
