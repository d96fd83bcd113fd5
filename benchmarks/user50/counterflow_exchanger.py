"""Counter-current double-pipe heat exchanger, transient: hot and cold streams as a system of
two unknowns.

    Th_t + vh Th_x = -a (Th - Tc)        (hot stream, flows to +x)
    Tc_t - vc Tc_x =  b (Th - Tc)        (cold stream, flows to -x)

on x in [0, 3] m, t in [0, 10] s; temperatures in degC. vh = 0.5 m/s, vc = 0.3 m/s;
a = U P / (rho cp A)_hot = 0.4 1/s, b = U P / (rho cp A)_cold = 0.3 1/s. Wall capacity and
axial conduction are neglected (plug flow on both sides).

Conditions: hot inlet Th(0, t) at x = 0, cold inlet Tc(L, t) at x = L (one entering
characteristic on each end), and both profiles at t = 0.

Exact solution (by hand): the steady counter-current profile plus two decaying disturbance
modes. Steady: with Delta = Th - Tc, Delta' = -m Delta, m = a/vh - b/vc, so
Delta = Delta0 e^{-m x}, Th = 90 - (a/vh) Delta0 (1 - e^{-m x}) / m, Tc = Th - Delta, and
Delta0 is fixed by Th(0) = 90 degC, Tc(L) = 20 degC. Modes: [Th, Tc] = Re[V e^{i kap x + s t}]
with kap = 2 pi / 3 1/m; s and V are the eigenvalues and eigenvectors of
[[-i kap vh - a, a], [b, i kap vc - b]] (both have Re s < 0), computed with numpy. The inlet
temperatures therefore fluctuate with the modes (a disturbance that dies out in ~10 s).
"""

import numpy as np
import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
Th, Tc = sp.Function("Th"), sp.Function("Tc")

L = 3.0  # m
vh, vc = 0.5, 0.3  # m/s
a, b = 0.4, 0.3  # 1/s
Th_in, Tc_in = 90.0, 20.0  # degC

# steady profile
m = a / vh - b / vc
# Tc(L) = Th(L) - Delta(L) = Th_in - (a/vh) D0 (1 - e^{-mL}) / m - D0 e^{-mL} = Tc_in
D0 = (Th_in - Tc_in) / ((a / vh) * (1 - np.exp(-m * L)) / m + np.exp(-m * L))
delta = D0 * sp.exp(-m * x)
Th_ss = Th_in - (a / vh) * D0 * (1 - sp.exp(-m * x)) / m
Tc_ss = Th_ss - delta

# disturbance modes
kap = 2 * np.pi / L
M = np.array([[-1j * kap * vh - a, a], [b, 1j * kap * vc - b]])
s, V = np.linalg.eig(M)
amps = [5.0, 3.0]  # degC, of each mode (mostly hot side, mostly cold side)


def re_mode(coef, sv):
    """Re[coef * exp(i kap x + s t)] with real functions."""
    arg = kap * x + sv.imag * t
    return sp.exp(sv.real * t) * (coef.real * sp.cos(arg) - coef.imag * sp.sin(arg))


Th_ex = Th_ss + sum(re_mode(A * V[0, j], s[j]) for j, A in enumerate(amps))
Tc_ex = Tc_ss + sum(re_mode(A * V[1, j], s[j]) for j, A in enumerate(amps))

H, Cc = Th(x, t), Tc(x, t)
domain = Box(x=(0, L), t=(0, 10))
problem = Problem([H, Cc], domain, name="counterflow-exchanger")
problem.equation("hot", sp.Eq(H.diff(t) + vh * H.diff(x), -a * (H - Cc)))
problem.equation("cold", sp.Eq(Cc.diff(t) - vc * Cc.diff(x), b * (H - Cc)))
problem.condition("hot-inlet", sp.Eq(Th(0, t), Th_ex.subs(x, 0)))
problem.condition("cold-inlet", sp.Eq(Tc(L, t), Tc_ex.subs(x, L)))
problem.condition("hot-initial", sp.Eq(Th(x, 0), Th_ex.subs(t, 0)))
problem.condition("cold-initial", sp.Eq(Tc(x, 0), Tc_ex.subs(t, 0)))
problem.exact({H: Th_ex, Cc: Tc_ex})
