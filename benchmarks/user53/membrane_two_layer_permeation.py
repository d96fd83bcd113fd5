"""Transient permeation of a dissolved reactant through a composite membrane of a membrane
reactor's wall: a 10 um dense selective coating on a 50 um porous support (of the same
solubility), feed side held, permeate side swept by a gas with a film resistance. The feed
side was just raised after a period of operation at another point, so the wall relaxes.

    c_t = (D(x) c_x)_x,    D = D1 in the coating (x < a), D2 in the support (x > a)

on x in [0, 60] um, t in [0, 200] s; um, s, c in mol/m^3. D1 = 2 um^2/s (2e-12 m^2/s),
D2 = 40 um^2/s (ratio 20), a = 10 um. Sweep-side film k_m = 4 um/s. Feed concentration
(sorbed, at x = 0) c_f = 20 mol/m^3. Time constants a^2 / D1 = 50 s, (L - a)^2 / D2 = 62 s.

Conditions:
    x = 0 (feed):       c = c_f = 20                    (Dirichlet)
    x = L (permeate):   -D2 c_x = k_m c                  (Robin, sweep-gas film)
    t = 0:              c = exact                        (the wall's earlier profile)

Exact solution (by hand): the steady two-layer profile (flux J = c_f / (a / D1 + (L - a) / D2
+ 1 / k_m) = 3.08 mol/(m^2 s) x 1e-6, linear in each layer) plus two composite eigenmodes
e^{-sig t} X(x), X = sin(w1 x) in the coating, sin(w1 a) cos(w2 (x - a))
+ (D1 w1 cos(w1 a) / (D2 w2)) sin(w2 (x - a)) in the support (c and D c_x continuous at a),
w_i = sqrt(sig / D_i), sig from the Robin condition D2 X'(L) + k_m X(L) = 0 (scanned, then
mpmath.findroot: time constants 1 / sig = 33 s and 5.8 s), amplitudes -2 and 1 mol/m^3
(the initial profile is 0.1 mol/m^3 at the permeate face, 2.9 at the interface).
"""

import math

import mpmath as mpm
import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
cf = sp.Function("c")

a, L = 10.0, 60.0  # um
D1, D2 = 2.0, 40.0  # um^2/s
km = 4.0  # um/s
c_f = 20.0  # mol/m^3
T_end = 200.0  # s

J = c_f / (a / D1 + (L - a) / D2 + 1 / km)
steady1 = c_f - J * x / D1
steady2 = c_f - J * a / D1 - J * (x - a) / D2

mpm.mp.dps = 30


def robin(sig):
    w1, w2 = mpm.sqrt(sig / D1), mpm.sqrt(sig / D2)
    A = mpm.sin(w1 * a)
    B = D1 * w1 * mpm.cos(w1 * a) / (D2 * w2)
    X = A * mpm.cos(w2 * (L - a)) + B * mpm.sin(w2 * (L - a))
    dX = w2 * (-A * mpm.sin(w2 * (L - a)) + B * mpm.cos(w2 * (L - a)))
    return D2 * dX + km * X


sigmas = []
scan = [1e-4 * 1.02**i for i in range(700)]
for s_lo, s_hi in zip(scan, scan[1:]):
    if robin(s_lo) * robin(s_hi) < 0:
        sigmas.append(mpm.findroot(robin, (s_lo, s_hi), solver="anderson"))
    if len(sigmas) == 2:
        break

mode1, mode2 = 0, 0
for amp, sig in zip((-2.0, 1.0), sigmas):
    w1, w2 = float(mpm.sqrt(sig / D1)), float(mpm.sqrt(sig / D2))
    A = math.sin(w1 * a)
    B = D1 * w1 * math.cos(w1 * a) / (D2 * w2)
    decay = sp.exp(-float(sig) * t)
    mode1 += amp * sp.sin(w1 * x) * decay
    mode2 += amp * (A * sp.cos(w2 * (x - a)) + B * sp.sin(w2 * (x - a))) * decay

exact = sp.Piecewise((steady1 + mode1, x <= a), (steady2 + mode2, True))

Dx = sp.Piecewise((D1, x < a), (D2, True))
c = cf(x, t)
domain = Box(x=(0, L), t=(0, T_end))
problem = Problem(c, domain, name="membrane-two-layer-permeation")
problem.equation("diffusion", sp.Eq(c.diff(t), sp.diff(Dx * c.diff(x), x)))
problem.condition("feed", sp.Eq(cf(0, t), c_f))
problem.condition("permeate-film", sp.Eq(-D2 * c.diff(x).subs(x, L), km * cf(L, t)))
problem.condition("initial", sp.Eq(cf(x, 0), exact.subs(t, 0)))
problem.exact(exact)
