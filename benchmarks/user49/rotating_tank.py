"""Dye in a rotating tank: solid-body rotation on a disk of radius 0.5 m with a fixed injector.

    c_t - Omega y c_x + Omega x c_y = f(x, y, t)   on the disk r <= 0.5 m, t in [0, 12] s,

Omega = 0.5 rad/s (almost one full turn). The rim is along the flow (a . n = 0), so only the
initial dye patch is given. A needle injector fixed in the lab frame near (-0.15, 0.1) m
ramps up with a 3 s time constant: its source is not constant along the flow.
Manufactured: exact = the initial patch rotated + the injector's ramped Gaussian; pinnls
derives f.
"""

import sympy as sp

from pinnls import Box, Disk, Problem

x, y, t = sp.symbols("x y t")
c = sp.Function("c")

Omega = sp.Rational(1, 2)  # rad/s


def patch(px, py):
    return sp.exp(-((px - sp.Rational(1, 4)) ** 2 + py**2) / sp.Rational(8, 100) ** 2)


# rotate the point back by Omega t
xr = x * sp.cos(Omega * t) + y * sp.sin(Omega * t)
yr = -x * sp.sin(Omega * t) + y * sp.cos(Omega * t)
injected = (1 - sp.exp(-t / 3)) * sp.exp(
    -((x + sp.Rational(15, 100)) ** 2 + (y - sp.Rational(1, 10)) ** 2) / sp.Rational(1, 100)
)
exact = patch(xr, yr) + injected

tank = Disk(center=(0, 0), radius=sp.Rational(1, 2)) * Box(t=(0, 12))
base = Problem(c(x, y, t), tank, name="rotating-tank")
C = c(x, y, t)
base.equation("pde", sp.Eq(C.diff(t) - Omega * y * C.diff(x) + Omega * x * C.diff(y), 0))
base.condition("initial", sp.Eq(c(x, y, 0), 0))
problem = base.manufactured(exact)
