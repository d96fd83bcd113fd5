"""Dissolved oxygen in the surface layer of a lake: vertical turbulent diffusion with air-water
gas exchange against a diurnally varying saturation concentration (1-D in depth, in time).

    C_t = K C_zz          on z in [-H, 0] m (z up, surface at z = 0), t in [0, 48] h,

C in mg/L (= g/m^3). Thermocline-level eddy diffusivity K = 1e-4 m^2/s = 0.36 m^2/h, layer
depth H = 8 m. Gas transfer (piston) velocity k_w = 5e-5 m/s = 0.18 m/h. The saturation
concentration follows the diurnal cycle of the surface water temperature,
C_sat(t) = 9.0 + 0.6 cos(2 pi t / 24) mg/L (t in hours from dawn, when the water is coldest
and the saturation highest).

Conditions:
    surface z = 0:   K C_z = k_w (C_sat(t) - C)          (Robin: the air-sea gas flux)
    bottom z = -H:   C_z = 0                            (no flux into the hypolimnion)
    initial t = 0:   the profile of an under-saturated morning (exact solution at t = 0).

Exact solution (by hand): C = 9 + Re[A cosh(q (z + H)) e^{i w t}] + sum_n B_n cos(kap_n (z + H))
e^{-K kap_n^2 t}, with q = sqrt(i w / K) = (1 + i) / delta, delta = sqrt(2 K / w) = 1.66 m (the
diurnal penetration depth). The periodic part satisfies the bottom condition by construction
and the surface Robin condition fixes A = k_w Cs1 / (K q sinh(q H) + k_w cosh(q H)). The
decaying modes satisfy both homogeneous conditions: mu tan mu = k_w H / K = 4 (mu = kap H),
roots mu_1 = 1.2646, mu_2 = 3.9352 (found with mpmath). B_1 = -1.5 mg/L (under-saturation),
B_2 = 0.8 mg/L. Complex parts are expanded into real cos/cosh/sinh functions below.
"""

import cmath
import math

import mpmath
import sympy as sp

from pinnls import Box, Problem

z, t = sp.symbols("z t")
C = sp.Function("C")

H = 8.0  # m
K = 0.36  # m^2/h
kw = 0.18  # m/h
Cs0, Cs1 = 9.0, 0.6  # mg/L
w = 2 * math.pi / 24  # 1/h

# periodic (diurnal) response
delta = math.sqrt(2 * K / w)
q = (1 + 1j) / delta
A = kw * Cs1 / (K * q * cmath.sinh(q * H) + kw * cmath.cosh(q * H))
s = (z + H) / delta
P = sp.cosh(s) * sp.cos(s)  # Re cosh((1 + i) s)
Q = sp.sinh(s) * sp.sin(s)  # Im cosh((1 + i) s)
R = A.real * P - A.imag * Q
S = A.real * Q + A.imag * P
periodic = R * sp.cos(w * t) - S * sp.sin(w * t)

# decaying modes: mu tan(mu) = Bi
Bi = kw * H / K
mus = [float(mpmath.findroot(lambda m: m * mpmath.tan(m) - Bi, g)) for g in (1.2, 3.9)]
amps = [-1.5, 0.8]  # mg/L
modes = sum(
    b * sp.cos(mu / H * (z + H)) * sp.exp(-K * (mu / H) ** 2 * t) for b, mu in zip(amps, mus)
)

exact = Cs0 + periodic + modes

Cz = C(z, t)
domain = Box(z=(-H, 0), t=(0, 48))
problem = Problem(Cz, domain, name="lake-oxygen-exchange")
problem.equation("pde", sp.Eq(Cz.diff(t), K * Cz.diff(z, 2)))
problem.condition(
    "surface-exchange",
    sp.Eq(K * Cz.diff(z).subs(z, 0), kw * (Cs0 + Cs1 * sp.cos(w * t) - C(0, t))),
)
problem.condition("bottom", sp.Eq(Cz.diff(z).subs(z, -H), 0))
problem.condition("initial", sp.Eq(C(z, 0), exact.subs(t, 0)))
problem.exact(exact)
