"""Frequency-response chromatography: a 10 cm packed column with a linear (Henry) isotherm and a
linear-driving-force exchange between the mobile and the stationary phase, fed with a
sinusoidally modulated concentration (the classical way of measuring k_m): the equilibrium-
dispersive model with LDF kinetics, two unknowns.

    c_t + u c_x - D c_xx + F k_m (K c - q) = 0      (mobile phase; F q_t written out)
    q_t = k_m (K c - q)                              (stationary phase, LDF)

on x in [0, 0.1] m, t in [0, 600] s; SI lengths and seconds, c in mol/m^3 of fluid,
q in mol/m^3 of solid. Interstitial velocity u = 1 mm/s, axial dispersion D = 1e-6 m^2/s
(Pe = 100), bed porosity 0.4: phase ratio F = (1 - eps) / eps = 1.5, Henry constant K = 3
(retention factor F K = 4.5, retention time 550 s), k_m = 0.5 1/s.
Feed: c_in(t) = 5 + 1.0 sin(2 pi t / 300 s) + 0.3 sin(2 pi t / 100 s) mol/m^3.

Conditions:
    x = 0:   u c - D c_x = u c_in(t)     (Danckwerts inlet, data in closed form)
    x = L:   c_x = 0                     (Danckwerts outlet)
    t = 0:   c = exact, q = exact        (the column already in its periodic state)

Exact solution (by hand): the equilibrium state c = 5, q = K c = 15 plus, for each feed
harmonic w, Re[(a e^{s1 (x - L)} + b e^{s2 x}) e^{i w t}] for c with q = k_m K c / (k_m + i w),
s1, s2 the roots of D s^2 - u s - i w (1 + F K k_m / (k_m + i w)) = 0, a and b from the two
Danckwerts conditions (complex 2 x 2 solve). The fundamental travels at 0.19 mm/s
(wavelength 56 mm) and is damped to 0.20 at the outlet, the third harmonic (22 mm) to 3e-5;
the outlet root s1 ~ u / D leaves a 1 mm layer.
"""

import cmath
import math

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
cf, qf = sp.Function("c"), sp.Function("q")

L = 0.1  # m
u = 1e-3  # m/s
D = 1e-6  # m^2/s
F = 1.5  # (1 - eps) / eps
K = 3.0  # Henry constant
km = 0.5  # 1/s
c_eq = 5.0  # mol/m^3
harmonics = [(1.0, 2 * math.pi / 300.0), (0.3, 2 * math.pi / 100.0)]  # (amplitude, w)
T_end = 600.0


def re_exp(amp, s, x0, w):
    """Re[amp e^{s (x - x0)} e^{i w t}] in real form."""
    phase = s.imag * (x - x0) + w * t
    return sp.exp(s.real * (x - x0)) * (amp.real * sp.cos(phase) - amp.imag * sp.sin(phase))


exact_c = sp.Float(c_eq)
exact_q = sp.Float(K * c_eq)
feed = sp.Float(c_eq)
for amp, w in harmonics:
    # a sin(w t) feed is Re[-i amp e^{i w t}]
    g = -1j * amp
    lam = 1j * w * (1 + F * K * km / (km + 1j * w))
    dc = cmath.sqrt(u * u + 4 * D * lam)
    s1, s2 = (u + dc) / (2 * D), (u - dc) / (2 * D)
    N = [
        [(u - D * s1) * cmath.exp(-s1 * L), u - D * s2],
        [s1, s2 * cmath.exp(s2 * L)],
    ]
    det = N[0][0] * N[1][1] - N[0][1] * N[1][0]
    a = u * g * N[1][1] / det
    b = -u * g * N[1][0] / det
    ratio = km * K / (km + 1j * w)
    exact_c += re_exp(a, s1, L, w) + re_exp(b, s2, 0.0, w)
    exact_q += re_exp(a * ratio, s1, L, w) + re_exp(b * ratio, s2, 0.0, w)
    feed += amp * sp.sin(w * t)

c, q = cf(x, t), qf(x, t)
domain = Box(x=(0, L), t=(0, T_end))
problem = Problem([c, q], domain, name="chromatography-frequency-response")
problem.equation(
    "mobile-phase",
    sp.Eq(c.diff(t) + u * c.diff(x) - D * c.diff(x, 2) + F * km * (K * c - q), 0),
)
problem.equation("stationary-phase", sp.Eq(q.diff(t), km * (K * c - q)))
problem.condition("danckwerts-inlet", sp.Eq(u * cf(0, t) - D * c.diff(x).subs(x, 0), u * feed))
problem.condition("danckwerts-outlet", sp.Eq(c.diff(x).subs(x, L), 0))
problem.condition("initial-mobile", sp.Eq(cf(x, 0), exact_c.subs(t, 0)))
problem.condition("initial-stationary", sp.Eq(qf(x, 0), exact_q.subs(t, 0)))
problem.exact({c: exact_c, q: exact_q})
