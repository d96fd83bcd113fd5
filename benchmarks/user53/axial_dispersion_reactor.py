"""A liquid-phase tubular reactor (1 m of packed tube) with axial dispersion and a first-order
reaction A -> B, Danckwerts' closed-closed conditions, a feed whose concentration oscillates
(an upstream dosing pump's 60 s cycle) and a start-up profile that relaxes.

    C_t + u C_x = D C_xx - k C

on x in [0, 1] m, t in [0, 150] s; SI lengths and seconds, C in mol/L.
u = 0.01 m/s (residence time 100 s), D = 1e-3 m^2/s (Pe = u L / D = 10),
k = 0.01 1/s (Damkoehler k tau = 1). Feed C_in(t) = 2.0 + 0.3 cos(2 pi t / 60 s).

Conditions:
    x = 0 (inlet, Danckwerts):   u C - D C_x = u C_in(t)      (Robin, data in closed form)
    x = L (outlet, Danckwerts):  C_x = 0                      (Neumann)
    t = 0:                       C = exact                     (the start-up profile)

Exact solution (by hand, no data taken from it except the initial profile):
  * the steady Wehner-Wilhelm profile a e^{r+ (x - L)} + b e^{r- x}, r+- roots of
    D r^2 - u r - k = 0, a and b from the two Danckwerts conditions (2 x 2 solve);
  * the periodic response Re[(a' e^{s1 (x - L)} + b' e^{s2 x}) e^{i w t}], s roots of
    D s^2 - u s - (k + i w) = 0, a' and b' from the two conditions with the 0.3 mol/L swing;
  * two decaying eigenmodes
    B_n e^{u (x - L) / 2D} (cos b_n x + (u / 2 D b_n) sin b_n x) e^{-sig_n t},
    sig_n = D b_n^2 + u^2 / 4D + k, b_n roots of tan(b L) = 2 a b / (b^2 - a^2), a = u / 2D
    (mpmath.findroot, 30 digits): each satisfies both homogeneous Danckwerts conditions.
    B_1 = -0.6, B_2 = 0.25 mol/L; time constants 25 s and 17 s.
"""

import cmath
import math

import mpmath as mpm
import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
C = sp.Function("C")

L = 1.0  # m
u = 0.01  # m/s
D = 1e-3  # m^2/s
k = 0.01  # 1/s
C0, A = 2.0, 0.3  # mol/L
w = 2 * math.pi / 60.0  # rad/s
T_end = 150.0  # s

# steady profile
disc = math.sqrt(u * u + 4 * k * D)
rp, rm = (u + disc) / (2 * D), (u - disc) / (2 * D)
# unknowns a (e^{rp (x-L)}), b (e^{rm x});  inlet: u C - D C' = u C0;  outlet: C'(L) = 0
M = [
    [(u - D * rp) * math.exp(-rp * L), u - D * rm],
    [rp, rm * math.exp(rm * L)],
]
det = M[0][0] * M[1][1] - M[0][1] * M[1][0]
a_s = (u * C0 * M[1][1]) / det
b_s = (-u * C0 * M[1][0]) / det
steady = a_s * sp.exp(rp * (x - L)) + b_s * sp.exp(rm * x)

# periodic response to the feed's swing
dc = cmath.sqrt(u * u + 4 * D * (k + 1j * w))
s1, s2 = (u + dc) / (2 * D), (u - dc) / (2 * D)
N = [
    [(u - D * s1) * cmath.exp(-s1 * L), u - D * s2],
    [s1, s2 * cmath.exp(s2 * L)],
]
detc = N[0][0] * N[1][1] - N[0][1] * N[1][0]
ap = (u * A * N[1][1]) / detc
bp = (-u * A * N[1][0]) / detc


def re_exp(amp, s, x0):
    """Re[amp e^{s (x - x0)} e^{i w t}] in real form."""
    phase = s.imag * (x - x0) + w * t
    return sp.exp(s.real * (x - x0)) * (amp.real * sp.cos(phase) - amp.imag * sp.sin(phase))


periodic = re_exp(ap, s1, L) + re_exp(bp, s2, 0.0)

# decaying eigenmodes
mpm.mp.dps = 30
a_h = u / (2 * D)


def outlet(b):
    return 2 * a_h * b * mpm.cos(b * L) + (a_h**2 - b * b) * mpm.sin(b * L)


roots = []
grid = [0.05 * i for i in range(1, 400)]
for b_lo, b_hi in zip(grid, grid[1:]):
    if outlet(b_lo) * outlet(b_hi) < 0:
        roots.append(float(mpm.findroot(outlet, (b_lo, b_hi), solver="anderson")))
    if len(roots) == 2:
        break
modes = 0
for amp, bn in zip((-0.6, 0.25), roots):
    sig = D * bn**2 + u * u / (4 * D) + k
    shape = sp.cos(bn * x) + a_h / bn * sp.sin(bn * x)
    modes += amp * sp.exp(a_h * (x - L)) * shape * sp.exp(-sig * t)

exact = steady + periodic + modes

c = C(x, t)
domain = Box(x=(0, L), t=(0, T_end))
problem = Problem(c, domain, name="axial-dispersion-reactor")
problem.equation("mass-balance", sp.Eq(c.diff(t) + u * c.diff(x), D * c.diff(x, 2) - k * c))
problem.condition(
    "danckwerts-inlet",
    sp.Eq(u * C(0, t) - D * c.diff(x).subs(x, 0), u * (C0 + A * sp.cos(w * t))),
)
problem.condition("danckwerts-outlet", sp.Eq(c.diff(x).subs(x, L), 0))
problem.condition("start-up", sp.Eq(C(x, 0), exact.subs(t, 0)))
problem.exact(exact)
