"""A Gaussian pulse in an oscillating strain (stagnation-point) flow: 2-D transport, varying
velocity in space and time.

PDE (x, y in [-1, 1], t in [0, 1]):

    u_t + a . grad u = 0,        a(x, y, t) = s(t) (x, -y),        s(t) = 2 cos(pi t).

The flow is a hyperbolic stagnation point at the origin whose strength s(t) reverses at
t = 1/2: for t < 1/2 it draws fluid in along y and pushes it out along x, for t > 1/2 the
other way round, and it stops at t = 1. The flow is linear in space, so its characteristics
are known in closed form. With S(t) = int_0^t s = 2 sin(pi t) / pi, dX/dt = s X and
dY/dt = -s Y give X = X0 exp(S), Y = Y0 exp(-S), so the foot of the characteristic through
(x, y, t) is (x exp(-S), y exp(S)) and

    u(x, y, t) = g(x exp(-S(t)), y exp(S(t))),
    g(x, y) = exp(-((x - 0.3)^2 + (y - 0.2)^2) / 0.15^2)

is exact: the pulse is stretched along x and squeezed along y up to t = 1/2 (by the factor
exp(2 / pi) = 1.89 at most), then relaxes back to its initial shape at t = 1.

Well-posedness: a first-order transport equation needs data at t = 0 and on the inflow part
of the boundary only, where a . n < 0. Here a . n = s(t) on x = +-1 and -s(t) on y = +-1:
for t < 1/2 the flow enters through y = +-1 and leaves through x = +-1, for t > 1/2 it
enters through x = +-1 and leaves through y = +-1. So the inflow boundary moves from one
pair of faces to the other at t = 1/2; it is declared with problem.inflow, which places the
exact data where a . n < 0 and nowhere else. The outflow faces are left free.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

s = 2 * sp.cos(sp.pi * t)  # strength of the strain
S = 2 * sp.sin(sp.pi * t) / sp.pi  # its integral from 0 to t
velocity = (s * x, -s * y)


def g(px, py):
    """The initial pulse."""
    x0, y0, width = sp.Rational(3, 10), sp.Rational(1, 5), sp.Rational(3, 20)
    return sp.exp(-((px - x0) ** 2 + (py - y0) ** 2) / width**2)


exact = g(x * sp.exp(-S), y * sp.exp(S))

domain = Box(x=(-1, 1), y=(-1, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="advection-strain-pulse")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t) + velocity[0] * U.diff(x) + velocity[1] * U.diff(y), 0))
problem.condition("initial", sp.Eq(u(x, y, 0), g(x, y)))
problem.inflow("inflow", sp.Eq(U, exact))
problem.exact(exact)
