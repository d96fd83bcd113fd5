"""2-D advection-diffusion, weak diffusion, pulsed source: u_t + b . grad u = eps Δu + f(x, y, t).

Domain: x in [0, 1], y in [0, 1], t in [0, 1]; diffusivity eps = 1/100; constant wind
b = (1/2, 1/4).

Conditions: u given at t = 0; u given on all four sides (Dirichlet). All data are the exact
solution's.

Exact solution (manufactured, the time-dependent source f = u_t + b . grad u - eps Δu is
derived from it): a Gaussian spot of width 0.2 drifting with the wind from (0.3, 0.4) to
(0.8, 0.65), whose height pulses once per unit time between 1/2 and 3/2:

    u = (1 + sin(2 pi t) / 2) exp(-((x - 0.3 - t / 2)^2 + (y - 0.4 - t / 4)^2) / 0.04).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
R = sp.Rational
eps = R(1, 100)
bx, by = R(1, 2), R(1, 4)
amplitude = 1 + sp.sin(2 * sp.pi * t) / 2
spot = sp.exp(-((x - R(3, 10) - bx * t) ** 2 + (y - R(2, 5) - by * t) ** 2) / R(1, 25))
exact = amplitude * spot


def operator(w):
    """u_t + b . grad u - eps Δu, applied to w."""
    return w.diff(t) + bx * w.diff(x) + by * w.diff(y) - eps * (w.diff(x, 2) + w.diff(y, 2))


domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="advdiff-weak-pulsed-source")
U = u(x, y, t)
problem.equation("pde", sp.Eq(operator(U), operator(exact)))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
for axis in (x, y):
    for value in (0, 1):
        problem.condition(
            f"side-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value))
        )
problem.exact(exact)
