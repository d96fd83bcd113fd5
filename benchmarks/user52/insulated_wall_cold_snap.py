"""An externally insulated concrete wall through a cold snap with a diurnal cycle: transient
1-D conduction in a two-layer composite (material interface, conductivity ratio 35).

    rho c(x) T_t = d/dx (k(x) T_x)

on x in [0, 0.3] m (x = 0 the room side, x = 0.3 m outdoors), t in [0, 86400] s (one day);
SI units, degC. Layer 1, x < 0.2 m: concrete, k = 1.4 W/(m K), rho c = 2300 * 880 J/(m^3 K).
Layer 2, 0.2 < x < 0.3 m: mineral wool, k = 0.04 W/(m K), rho c = 30 * 840 J/(m^3 K).
Room side held at 20 degC (a wall-heated room). Outdoors: h = 25 W/(m^2 K) to an air
temperature T_out(t) = -5 - 6 cos(2 pi t / 86400) degC (coldest at t = 0, midnight).

Conditions:
    t = 0:             T = exact (roughly the wall left over from a +10 degC spell: the new
                       steady state, the diurnal response and the first four modes)
    x = 0:             T = 20
    x = 0.3:           -k2 T_x = h (T - T_out(t))               (Robin, the outdoor film)
    (at x = 0.2 pinnls itself adds T and k T_x continuous)

Exact solution (by hand):
  * the steady state of T_out = -5: linear in each layer, q = 25 / (0.2/1.4 + 0.1/0.04 + 1/25)
    = 9.32 W/m^2;
  * the diurnal response Re[(a_i e^{q_i x} + b_i e^{-q_i x}) e^{i w t}], q_i = (1 + i) / d_i,
    d_i = sqrt(2 alpha_i / w) (0.138 m in concrete, 0.209 m in the wool), the four complex
    constants from T = 0 at x = 0, T and k T_x continuous at x = 0.2, and the Robin condition
    with -6 cos(w t) (a 4 x 4 complex linear solve);
  * four decaying modes X_n(x) e^{-lam_n t}: sin(w1 x) in the concrete, C cos(w2 (x - 0.2)) +
    D sin(w2 (x - 0.2)) in the wool (w_i = sqrt(lam / alpha_i), C and D from the interface),
    lam_n the roots of the Robin condition k2 X' + h X = 0 at x = 0.3 (mpmath.findroot):
    time constants 6.26 h, 43 min, 16 min, 11 min. Their amplitudes are the rho c-weighted
    projection of the +10 degC spell's surplus (rounded); so the initial state is that
    surplus' four-mode approximation.
"""

import cmath
import math

import mpmath
import numpy as np
import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
T = sp.Function("T")

a, L = 0.2, 0.3  # m
k1, rc1 = 1.4, 2300 * 880.0
k2, rc2 = 0.04, 30 * 840.0
al1, al2 = k1 / rc1, k2 / rc2
h = 25.0
T_in, T_out0, T_amp = 20.0, -5.0, 6.0
w = 2 * math.pi / 86400

k = sp.Piecewise((k1, x < a), (k2, True))
rhoc = sp.Piecewise((rc1, x < a), (rc2, True))

# steady state
q = (T_in - T_out0) / (a / k1 + (L - a) / k2 + 1 / h)
steady = sp.Piecewise((T_in - q * x / k1, x < a), (T_in - q * a / k1 - q * (x - a) / k2, True))

# diurnal response to T_out = T_out0 - T_amp cos(w t): unknowns a1, b1 (concrete), a2, b2 (wool,
# in s = x - a)
q1 = (1 + 1j) * math.sqrt(w / (2 * al1))
q2 = (1 + 1j) * math.sqrt(w / (2 * al2))
e1p, e1m = cmath.exp(q1 * a), cmath.exp(-q1 * a)
e2p, e2m = cmath.exp(q2 * (L - a)), cmath.exp(-q2 * (L - a))
M = np.array(
    [
        [1, 1, 0, 0],  # T = 0 (periodic part) at x = 0
        [e1p, e1m, -1, -1],  # T continuous at x = a
        [k1 * q1 * e1p, -k1 * q1 * e1m, -k2 * q2, k2 * q2],  # k T_x continuous
        [0, 0, (k2 * q2 + h) * e2p, (-k2 * q2 + h) * e2m],  # k2 T_x + h T = h T_out at x = L
    ],
    dtype=complex,
)
rhs = np.array([0, 0, 0, h * (-T_amp)], dtype=complex)
c1p, c1m, c2p, c2m = np.linalg.solve(M, rhs)


def re_exp(c, qq, s):
    """Re[c exp(qq s) exp(i w t)] for qq = (1 + i) beta."""
    beta = qq.real
    phase = beta * s + w * t
    return sp.exp(beta * s) * (c.real * sp.cos(phase) - c.imag * sp.sin(phase))


diurnal = sp.Piecewise(
    (re_exp(c1p, q1, x) + re_exp(c1m, -q1, x), x < a),
    (re_exp(c2p, q2, x - a) + re_exp(c2m, -q2, x - a), True),
)


# decaying modes
def robin_residual(lam):
    w1, w2 = mpmath.sqrt(lam / al1), mpmath.sqrt(lam / al2)
    C, D = mpmath.sin(w1 * a), k1 * w1 * mpmath.cos(w1 * a) / (k2 * w2)
    X = C * mpmath.cos(w2 * (L - a)) + D * mpmath.sin(w2 * (L - a))
    dX = w2 * (-C * mpmath.sin(w2 * (L - a)) + D * mpmath.cos(w2 * (L - a)))
    return k2 * dX + h * X


brackets = [(4.0e-5, 5.0e-5), (3.5e-4, 4.2e-4), (1.0e-3, 1.1e-3), (1.45e-3, 1.6e-3)]
amplitudes = [0.6732, -0.1193, 0.1420, -0.1705]  # K
modes = 0
for (lo, hi), amp in zip(brackets, amplitudes):
    lam = float(mpmath.findroot(robin_residual, (lo, hi), solver="anderson"))
    w1, w2 = math.sqrt(lam / al1), math.sqrt(lam / al2)
    C, D = math.sin(w1 * a), k1 * w1 * math.cos(w1 * a) / (k2 * w2)
    X = sp.Piecewise(
        (sp.sin(w1 * x), x < a), (C * sp.cos(w2 * (x - a)) + D * sp.sin(w2 * (x - a)), True)
    )
    modes += amp * X * sp.exp(-lam * t)

exact = steady + diurnal + modes

Tf = T(x, t)
domain = Box(x=(0, L), t=(0, 86400))
problem = Problem(Tf, domain, name="insulated-wall-cold-snap")
problem.equation("conduction", sp.Eq(rhoc * Tf.diff(t), sp.diff(k * Tf.diff(x), x)))
problem.condition("initial", sp.Eq(T(x, 0), exact.subs(t, 0)))
problem.condition("room-side", sp.Eq(T(0, t), T_in))
T_out = T_out0 - T_amp * sp.cos(w * t)
problem.condition("outdoor-film", sp.Eq(-k2 * Tf.diff(x).subs(x, L), h * (T(L, t) - T_out)))
problem.exact(exact)
