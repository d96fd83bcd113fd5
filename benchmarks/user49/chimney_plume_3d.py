"""A steady chimney plume in 3-D: a chimney's emission carried by a uniform wind, with decay.

    a . grad c + k c = S(x, y, z)   on [0, 4] x [-1, 1] x [0, 0.8] km,

c in ug/m^3, lengths in km. Wind a = (5, 0.8, 0.2) km/h (a slight rise), chemical decay
k = 0.4 1/h. The source is a Gaussian of radius 0.12 km around the chimney top (0.5, -0.3, 0.2)
km, emitting Q = 20 ug/m^3/h at its centre. No time axis.

The exact solution is the source integrated along the wind from infinitely far upstream,
c = int_0^inf S(X - a s) exp(-k s) ds, in closed form with erfc. Inflow data (the exact
solution) on the faces the wind enters: x = 0, y = -1, z = 0.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
c = sp.Function("c")

a = (5, sp.Rational(4, 5), sp.Rational(1, 5))  # wind, km/h
k = sp.Rational(2, 5)  # decay, 1/h
Q = 20  # emission at the centre, ug/m^3/h
X0 = (sp.Rational(1, 2), -sp.Rational(3, 10), sp.Rational(1, 5))  # chimney top, km
sigma = sp.Rational(3, 25)  # plume source radius, km

d = (x - X0[0], y - X0[1], z - X0[2])
source = Q * sp.exp(-sum(di**2 for di in d) / sigma**2)

speed2 = sum(ai**2 for ai in a)
alpha = speed2 / sigma**2
beta = 2 * sum(ai * di for ai, di in zip(a, d)) / sigma**2 - k
gamma = -sum(di**2 for di in d) / sigma**2
exact = (
    Q
    * sp.sqrt(sp.pi)
    / (2 * sp.sqrt(alpha))
    * sp.exp(gamma + beta**2 / (4 * alpha))
    * sp.erfc(-beta / (2 * sp.sqrt(alpha)))
)

domain = Box(x=(0, 4), y=(-1, 1), z=(0, sp.Rational(4, 5)))
problem = Problem(c(x, y, z), domain, name="chimney-plume-3d")
C = c(x, y, z)
transport = a[0] * C.diff(x) + a[1] * C.diff(y) + a[2] * C.diff(z) + k * C
problem.equation("pde", sp.Eq(transport, source))
problem.inflow("inflow", sp.Eq(C, exact))
problem.exact(exact)
