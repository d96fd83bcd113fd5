"""One channel of a catalytic monolith (CO oxidation on a Pt washcoat above light-off, treated
as first order in CO), modelled as a slit of 1 mm gap with plug flow: steady 2-D convection,
axial and transverse diffusion of CO, a Robin condition for the reaction at the washcoat.

    U c_x = D (c_xx + c_yy)

on x in [0, 20] mm (along the channel), y in [0, 0.5] mm (centre line to washcoat); mm, s,
c in mol/m^3. Gas velocity U = 500 mm/s, CO diffusivity at 600 K D = 40 mm^2/s,
surface rate constant k_s = 100 mm/s (Biot k_s h / D = 1.25: neither kinetic nor
mass-transfer control). Inlet 1000 ppm CO at 600 K, 1 atm: c_in = 0.0203 mol/m^3.

Conditions:
    y = 0 (centre line):  c_y = 0                       (symmetry, Neumann)
    y = h (washcoat):     -D c_y = k_s c                 (Robin, surface reaction)
    x = 0 (inlet):        c = exact                      (the inlet profile: 3 modes, nearly flat)
    x = L (outlet):       c_x = exact                    (Neumann)

Exact solution (by hand): Graetz-Nusselt modes of the plug-flow slit,
    c = sum_n A_n cos(lam_n y) e^{-beta_n x},
lam_n h tan(lam_n h) = k_s h / D (mpmath.findroot: lam h = 0.9308, 3.4859, 6.4739),
beta_n = (sqrt(U^2 + 4 D^2 lam_n^2) - U) / (2 D) from U (-beta) = D (beta^2 - lam^2);
A_n = c_in 2 sin(th_n) / (th_n + sin(th_n) cos(th_n)), the projection of a flat inlet
profile, for the first three modes (1.017 on the centre line, 0.903 at the wall). Decay
lengths 3.7 mm, 0.32 mm and 0.12 mm: the entrance region, then 99.5 % conversion.
"""

import math

import mpmath as mpm
import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
cf = sp.Function("c")

Lx, h = 20.0, 0.5  # mm
U = 500.0  # mm/s
D = 40.0  # mm^2/s
ks = 100.0  # mm/s
c_in = 0.0203  # mol/m^3

mpm.mp.dps = 30
Bi = ks * h / D
thetas = [
    float(mpm.findroot(lambda th: th * mpm.sin(th) - Bi * mpm.cos(th), guess))
    for guess in (0.9, 3.5, 6.5)
]
exact = 0
for th in thetas:
    lam = th / h
    beta = (math.sqrt(U * U + 4 * D * D * lam * lam) - U) / (2 * D)
    A = c_in * 2 * math.sin(th) / (th + math.sin(th) * math.cos(th))
    exact += A * sp.cos(lam * y) * sp.exp(-beta * x)

c = cf(x, y)
domain = Box(x=(0, Lx), y=(0, h))
problem = Problem(c, domain, name="monolith-channel-entrance")
problem.equation("convection-diffusion", sp.Eq(U * c.diff(x), D * (c.diff(x, 2) + c.diff(y, 2))))
problem.condition("centre-line", sp.Eq(c.diff(y).subs(y, 0), 0))
problem.condition("washcoat", sp.Eq(-D * c.diff(y).subs(y, h), ks * cf(x, h)))
problem.condition("inlet", sp.Eq(cf(0, y), exact.subs(x, 0)))
problem.condition("outlet", sp.Eq(c.diff(x).subs(x, Lx), exact.diff(x).subs(x, Lx)))
problem.exact(exact)
