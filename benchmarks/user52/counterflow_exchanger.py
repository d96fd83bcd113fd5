"""A water-to-water double-pipe counter-flow heat exchanger (10 m of hairpins, the
hot stream in the tube, the cold one in the annulus): transient plug-flow model of the two
stream temperatures, coupled through the wall (wall capacity and axial conduction neglected).

    T_h,t + u_h T_h,x = -a_h (T_h - T_c)
    T_c,t - u_c T_c,x =  a_c (T_h - T_c)

on x in [0, 10] m (the hot inlet at x = 0, the cold inlet at x = 10 m), t in [0, 60] s;
SI units, degC. u_h = 0.5 m/s, u_c = 0.4 m/s; U = 1500 W/(m^2 K) on a 25 mm tube
(perimeter 0.0785 m): a_h = U P / (rho c A_h) = 0.0575 1/s (tube 4.9e-4 m^2),
a_c = 0.0235 1/s (annulus 1.2e-3 m^2). NTU_h = 1.15, NTU_c = 0.59.

Conditions (one per entering characteristic):
    x = 0:    T_h = exact   (hot inlet: 80 degC plus the boiler's 12 s cycle of 2 K)
    x = 10:   T_c = exact   (cold inlet: 15 degC plus a chiller's 20 s cycle of 1.5 K)
    t = 0:    T_h, T_c = exact

Exact solution (by hand):
  * the steady counter-flow profile: dT = T_h - T_c = dT0 exp(-r x), r = a_h/u_h - a_c/u_c,
    T_h = 80 - (a_h / u_h) dT0 (1 - exp(-r x)) / r, T_c = T_h - dT, dT0 from T_c(10) = 15;
  * two time-periodic waves Re[(P, Q) exp(i (k x - w t))], damped along their stream: for a
    real w the determinant (a_h - i w + i k u_h)(a_c - i w - i k u_c) = a_h a_c is a
    quadratic in k with two complex roots (cmath), one riding with the hot stream
    (Re k > 0, damped downstream), one with the cold (Re k < 0). Hot branch: period 12 s,
    P = 2 K at x = 0, Q = (a_h - i w + i k u_h) P / a_h; cold branch: period 20 s,
    Q = 1.5 K at x = 10 m, P = (a_c - i w - i k u_c) Q / a_c. Wavelengths 6.0 m and 8.0 m,
    amplitudes damped to 0.32 and 0.56 over the exchanger. Written in real exp/cos/sin form.
"""

import cmath
import math

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
Th, Tc = sp.Function("T_h"), sp.Function("T_c")

L = 10.0  # m
uh, uc = 0.5, 0.4  # m/s
ah, ac = 0.0575, 0.0235  # 1/s
Th_in, Tc_in = 80.0, 15.0  # degC

# steady state
r = ah / uh - ac / uc
dT0 = (Th_in - Tc_in) / ((ah / uh) * (1 - math.exp(-r * L)) / r + math.exp(-r * L))
steady_h = Th_in - (ah / uh) * dT0 * (1 - sp.exp(-r * x)) / r
steady_c = steady_h - dT0 * sp.exp(-r * x)


def wavenumbers(w):
    """Both complex k of Re[(P, Q) exp(i (k x - w t))] at the real angular frequency w."""
    A1, A2 = ah - 1j * w, ac - 1j * w
    qa, qb, qc = uh * uc, 1j * (uh * A2 - uc * A1), A1 * A2 - ah * ac
    disc = cmath.sqrt(qb * qb - 4 * qa * qc)
    return (-qb + disc) / (2 * qa), (-qb - disc) / (2 * qa)


def re_wave(amp, kw, w, x0):
    """Re[amp exp(i (kw (x - x0) - w t))] in real form."""
    phase = kw.real * (x - x0) - w * t
    envelope = sp.exp(-kw.imag * (x - x0))
    return envelope * (amp.real * sp.cos(phase) - amp.imag * sp.sin(phase))


# hot branch: a 12 s boiler cycle of 2 K entering at x = 0, carried (Re k > 0) and damped
# downstream (Im k > 0); cold branch: a 20 s cycle of 1.5 K entering at x = L, carried
# towards x = 0 (Re k < 0) and damped that way (Im k < 0).
w_h, w_c = 2 * math.pi / 12, 2 * math.pi / 20
k_h = next(kk for kk in wavenumbers(w_h) if kk.real > 0)
k_c = next(kk for kk in wavenumbers(w_c) if kk.real < 0)
P_h = 2.0 + 0j
Q_h = (-1j * w_h + 1j * k_h * uh + ah) * P_h / ah
Q_c = 1.5 + 0j
P_c = (-1j * w_c - 1j * k_c * uc + ac) * Q_c / ac
waves_h = re_wave(P_h, k_h, w_h, 0.0) + re_wave(P_c, k_c, w_c, L)
waves_c = re_wave(Q_h, k_h, w_h, 0.0) + re_wave(Q_c, k_c, w_c, L)

exact_h = steady_h + waves_h
exact_c = steady_c + waves_c

h, c = Th(x, t), Tc(x, t)
domain = Box(x=(0, L), t=(0, 60))
problem = Problem([h, c], domain, name="counterflow-exchanger")
problem.equation("hot-stream", sp.Eq(h.diff(t) + uh * h.diff(x), -ah * (h - c)))
problem.equation("cold-stream", sp.Eq(c.diff(t) - uc * c.diff(x), ac * (h - c)))
problem.condition("hot-inlet", sp.Eq(Th(0, t), exact_h.subs(x, 0)))
problem.condition("cold-inlet", sp.Eq(Tc(L, t), exact_c.subs(x, L)))
problem.condition("initial-hot", sp.Eq(Th(x, 0), exact_h.subs(t, 0)))
problem.condition("initial-cold", sp.Eq(Tc(x, 0), exact_c.subs(t, 0)))
problem.exact({h: exact_h, c: exact_c})
