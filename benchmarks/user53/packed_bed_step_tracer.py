"""Residence-time test of a 30 cm packed bed (glass beads, water): at t = 0 the feed is switched
from pure water to a 50 mol/m^3 KCl solution, and the breakthrough curve follows the
axial-dispersion model with Danckwerts' flux inlet.

    C_t + u C_x = D C_xx

on x in [0, 0.3] m, t in [0, 900] s; SI, C in mol/m^3. Interstitial velocity u = 0.5 mm/s,
axial dispersion D = 2e-6 m^2/s (Pe = u L / D = 75, Bodenstein number of a bed of 1.5 mm beads
in laminar flow). Breakthrough (C = C0 / 2 at the outlet) at about 600 s.

Conditions:
    t = 0:            C = 0                          (bed full of water)
    x = 0 (inlet):    u C - D C_x = u C0             (Danckwerts flux inlet, the step: the data
                                                      disagree with the initial state at t = 0)
    x = L (outlet):   -D C_x = exact dispersive flux  (Neumann; the bed continues as packing)

Exact solution (by hand, Lindstrom et al. 1967; van Genuchten and Alves 1982, A2): the
semi-infinite bed with a flux inlet,
    C / C0 = 1/2 erfc((x - u t) / 2 sqrt(D t)) + sqrt(u^2 t / (pi D)) exp(-(x - u t)^2 / 4 D t)
             - 1/2 (1 + u x / D + u^2 t / D) exp(u x / D) erfc((x + u t) / 2 sqrt(D t)).
"""

import math

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
C = sp.Function("C")

L = 0.3  # m
u = 5e-4  # m/s
D = 2e-6  # m^2/s
C0 = 50.0  # mol/m^3
T_end = 900.0  # s

s = 2 * sp.sqrt(D * t)
exact = C0 * (
    sp.erfc((x - u * t) / s) / 2
    + sp.sqrt(u**2 * t / (math.pi * D)) * sp.exp(-((x - u * t) ** 2) / (4 * D * t))
    - (1 + u * x / D + u**2 * t / D) * sp.exp(u * x / D) * sp.erfc((x + u * t) / s) / 2
)

c = C(x, t)
domain = Box(x=(0, L), t=(0, T_end))
problem = Problem(c, domain, name="packed-bed-step-tracer")
problem.equation("dispersion", sp.Eq(c.diff(t) + u * c.diff(x), D * c.diff(x, 2)))
problem.condition("initial", sp.Eq(C(x, 0), 0))
problem.condition("danckwerts-inlet", sp.Eq(u * C(0, t) - D * c.diff(x).subs(x, 0), u * C0))
problem.condition("outlet-flux", sp.Eq(-D * c.diff(x).subs(x, L), (-D * exact.diff(x)).subs(x, L)))
problem.exact(exact)
