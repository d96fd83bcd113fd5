"""Ground temperature under a daily surface cycle: T_t = alpha (T_xx + T_zz).

Domain: a vertical cross-section of soil, x in [0, 2] m horizontally, depth z in [0, 0.5] m
(z = 0 the surface), over t in [0, 48] h (two days). Units: metres and hours; thermal
diffusivity alpha = 1.8e-3 m^2/h (5e-7 m^2/s, moist soil).

Conditions: the initial temperature (deg C); the surface z = 0 follows the air's daily cycle,
10 + 8 cos(2 pi t / 24) plus a slowly fading lateral disturbance (a time-dependent Dirichlet
condition); the temperature at z = 0.5 m is given (Dirichlet); the side faces x = 0 and x = 2
are insulated (T_x = 0).

Exact solution: the classical damped thermal wave of the daily cycle (damping depth
d = sqrt(2 alpha / omega) = 0.117 m) plus a decaying lateral mode:

    T = 10 + 8 exp(-z / d) cos(omega t - z / d) + 3 cos(pi x / 2) exp(-alpha pi^2 t / 4).
"""

import sympy as sp

from pinnls import Box, Problem

x, z, t = sp.symbols("x z t")
T = sp.Function("T")
alpha = sp.Float(1.8e-3)
omega = 2 * sp.pi / 24
kk = sp.sqrt(omega / (2 * alpha))  # 1 / damping depth
exact = (
    10
    + 8 * sp.exp(-kk * z) * sp.cos(omega * t - kk * z)
    + 3 * sp.cos(sp.pi * x / 2) * sp.exp(-alpha * sp.pi**2 * t / 4)
)

domain = Box(x=(0, 2), z=(0, sp.Rational(1, 2)), t=(0, 48))
problem = Problem(T(x, z, t), domain, name="heat-soil-daily-cycle")
U = T(x, z, t)
problem.equation("pde", sp.Eq(U.diff(t), alpha * (U.diff(x, 2) + U.diff(z, 2))))
problem.condition("initial", sp.Eq(T(x, z, 0), exact.subs(t, 0)))
problem.condition("surface", sp.Eq(T(x, 0, t), exact.subs(z, 0)))
problem.condition("deep", sp.Eq(T(x, sp.Rational(1, 2), t), exact.subs(z, sp.Rational(1, 2))))
problem.condition("side-left", sp.Eq(U.diff(x).subs(x, 0), 0))
problem.condition("side-right", sp.Eq(U.diff(x).subs(x, 2), 0))
problem.exact(exact)
