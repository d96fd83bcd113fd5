"""Tides entering a shelf sea along a straight coast as damped Kelvin waves: the linearised
rotating shallow-water equations with linear bottom friction (a system of three unknowns).

    eta_t + H (u_x + v_y) = 0
    u_t - f v = -g eta_x - r u
    v_t + f u = -g eta_y - r v

on x in [0, 400] km (along the coast), y in [0, 300] km (offshore, coast at y = 0),
t in [0, 89424] s (two M2 periods, 24.84 h); all in SI units: x, y in m, t in s, eta in m,
u, v in m/s. Depth H = 100 m, g = 9.81 m/s^2 (c = sqrt(g H) = 31.3 m/s), Coriolis
f = 1e-4 1/s (about 43 N; Rossby radius c / f = 313 km), linear drag r = 1.5e-5 1/s.

Conditions:
    coast y = 0:        v = 0                                    (no normal flow)
    open x = 0:         eta = the tidal elevation (M2 + K1)       (a forced open boundary)
    open x = L:         u - sqrt(g/H) eta = exact                (Flather-type: the entering
                                                                   characteristic)
    open y = W:         v - sqrt(g/H) eta = exact                (the same offshore)
    initial t = 0:      eta, u, v of the exact solution.

Exact solution (by hand): for each constituent (omega, amplitude A, phase), v = 0 and
eta = Re[A exp(-gam y + i (k x - omega t))], u = Re[(omega / (H k)) A exp(...)], where the
along-shore momentum balance with drag gives k^2 = omega (omega + i r) / (g H) (Im k > 0: the
wave decays as it travels along the coast, the co-tidal lines tilt), continuity gives
u = omega eta / (H k), and the cross-shore geostrophic balance f u = -g eta_y gives
gam = f omega / (g H k). M2: omega = 2 pi / 44712 s, A = 1.0 m; K1: omega = 2 pi / 86164 s,
A = 0.3 m, phase 1 rad. Written in real exp/cos form with Python complex arithmetic.
"""

import cmath
import math

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
eta, u, v = sp.Function("eta"), sp.Function("u"), sp.Function("v")

H = 100.0  # m
g = 9.81  # m/s^2
f = 1.0e-4  # 1/s
r = 1.5e-5  # 1/s
Lx, Ly = 400e3, 300e3  # m
T_end = 2 * 44712.0  # s
cg = math.sqrt(g / H)  # sqrt(g/H), 1/s


def re_wave(coef, k, gam, om):
    """Re[coef exp(-gam y + i (k x - om t))] in real functions."""
    decay = sp.exp(-gam.real * y - k.imag * x)
    phase = k.real * x - gam.imag * y - om * t + cmath.phase(coef)
    return abs(coef) * decay * sp.cos(phase)


eta_ex = sp.Integer(0)
u_ex = sp.Integer(0)
for period, amp, ph in [(44712.0, 1.0, 0.0), (86164.0, 0.3, 1.0)]:
    om = 2 * math.pi / period
    k = cmath.sqrt(om * (om + 1j * r) / (g * H))
    gam = f * om / (g * H * k)
    A = amp * cmath.exp(1j * ph)
    eta_ex += re_wave(A, k, gam, om)
    u_ex += re_wave(om / (H * k) * A, k, gam, om)
v_ex = sp.Integer(0)

E, U, V = eta(x, y, t), u(x, y, t), v(x, y, t)
domain = Box(x=(0, Lx), y=(0, Ly), t=(0, T_end))
problem = Problem([E, U, V], domain, name="kelvin-tide-shelf")
problem.equation("continuity", sp.Eq(E.diff(t) + H * (U.diff(x) + V.diff(y)), 0))
problem.equation("x-momentum", sp.Eq(U.diff(t) - f * V, -g * E.diff(x) - r * U))
problem.equation("y-momentum", sp.Eq(V.diff(t) + f * U, -g * E.diff(y) - r * V))
problem.condition("coast", sp.Eq(v(x, 0, t), 0))
problem.condition("tide-x0", sp.Eq(eta(0, y, t), eta_ex.subs(x, 0)))
problem.condition(
    "flather-xL",
    sp.Eq(u(Lx, y, t) - cg * eta(Lx, y, t), (u_ex - cg * eta_ex).subs(x, Lx)),
)
problem.condition(
    "flather-yW",
    sp.Eq(v(x, Ly, t) - cg * eta(x, Ly, t), (v_ex - cg * eta_ex).subs(y, Ly)),
)
problem.condition("initial-eta", sp.Eq(eta(x, y, 0), eta_ex.subs(t, 0)))
problem.condition("initial-u", sp.Eq(u(x, y, 0), u_ex.subs(t, 0)))
problem.condition("initial-v", sp.Eq(v(x, y, 0), 0))
problem.exact({E: eta_ex, U: u_ex, V: v_ex})
