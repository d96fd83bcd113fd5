"""Packed adsorption column with linear isotherm and linear-driving-force uptake, fed with a
periodically modulated feed (a frequency-response measurement of the mass-transfer rate).

Fluid phase c (mol/m^3 of fluid) and adsorbed phase q (mol/m^3 of particle), two unknowns:

    c_t + v c_x = -F k (K c - q)      (plug flow, axial dispersion neglected)
    q_t         =    k (K c - q)      (solid phase: no transport)

on x in [0, 0.1] m, t in [0, 400] s. Interstitial velocity v = 2 mm/s, bed porosity
eps = 0.4 so F = (1 - eps)/eps = 1.5, Henry constant K = 5, LDF coefficient k = 0.5 1/s.
Feed c(0, t) = 1 + 0.2 sin(2 pi t / 200) + 0.1 sin(2 pi t / 100) mol/m^3.

Exact solution (by hand): the column is at its periodic steady state. Each harmonic is
Re[-i A e^{i w t + lam x}] for c and Re[-i A Q(w) e^{i w t + lam x}] for q with
Q(w) = k K / (i w + k) (from the solid equation) and
lam(w) = -(i w + F K k i w / (i w + k)) / v (from the fluid equation), evaluated in complex
double precision below; the mean is c = 1, q = K. The amplitude decays along the bed and the
wave is retarded by about 1 + F K = 8.5.
Conditions: the feed c(0, t) (the only entering characteristic; q has speed 0 and needs no
boundary data), and both c(x, 0), q(x, 0) from the periodic state.
"""

import cmath

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
c, q = sp.Function("c"), sp.Function("q")

Lb = 0.1  # m
v = 2e-3  # m/s
F = 1.5  # (1 - eps) / eps
K = 5.0  # Henry constant
k = 0.5  # 1/s
c_feed = 1.0
harmonics = [(0.2, 200.0), (0.1, 100.0)]  # (amplitude mol/m^3, period s)


def re_wave(coef, w, lam):
    """Re[coef * exp(i w t + lam x)] with real functions."""
    arg = w * t + lam.imag * x
    return sp.exp(lam.real * x) * (coef.real * sp.cos(arg) - coef.imag * sp.sin(arg))


c_ex, q_ex = sp.Float(c_feed), sp.Float(K * c_feed)
for A, period in harmonics:
    w = 2 * cmath.pi.real / period
    iw = 1j * w
    lam = -(iw + F * K * k * iw / (iw + k)) / v
    Q = k * K / (iw + k)
    c_ex += re_wave(-1j * A, w, lam)
    q_ex += re_wave(-1j * A * Q, w, lam)

C, S = c(x, t), q(x, t)
domain = Box(x=(0, Lb), t=(0, 400))
problem = Problem([C, S], domain, name="chromatography-ldf")
problem.equation("fluid", sp.Eq(C.diff(t) + v * C.diff(x), -F * k * (K * C - S)))
problem.equation("solid", sp.Eq(S.diff(t), k * (K * C - S)))
problem.condition(
    "feed",
    sp.Eq(c(0, t), c_feed + sum(A * sp.sin(2 * sp.pi * t / P) for A, P in harmonics)),
)
problem.condition("fluid-initial", sp.Eq(c(x, 0), c_ex.subs(t, 0)))
problem.condition("solid-initial", sp.Eq(q(x, 0), q_ex.subs(t, 0)))
problem.exact({C: c_ex, S: q_ex})
