"""Thermal entry of a glycerol film dragged by a sliding wall (plane Couette flow): forced
convection with a linear shear profile, a fully developed axial gradient and inlet
temperature stripes that the shear tilts and conduction wipes out (2-D, transient).

    T_t + gam y T_x = alpha (T_xx + T_yy)

on x in [0, 60] mm (along the flow), y in [0, 5] mm (fixed wall y = 0, sliding wall y = 5 mm
moving at U = 5 mm/s, so gam = U / H = 1 1/s), t in [0, 10] s; mm, s, degC.
Glycerol: k = 2.85e-4 W/(mm K), alpha = 0.095 mm^2/s. Bulk level T_ref = 40 degC, axial
gradient G = 0.1 K/mm (the film is heated as it goes).

Conditions:
    t = 0:                 T = exact (the developed profile plus the stripes)
    x = 0 (inlet):         T = exact
    x = 60 (outlet):       T_x = exact                              (Neumann)
    y = 0 (fixed wall):    -k T_y = exact heat flux                 (Neumann)
    y = 5 (sliding wall):  T = exact                                (Dirichlet)

Exact solution (by hand):
  * the fully developed part T_ref + G x + gam G y^3 / (6 alpha) (gam y G = alpha g''; the fixed
    wall is adiabatic for it, the sliding wall supplies gam G H^2 / 2 of diffusive flux);
  * two Kelvin sheared modes A exp(E(t)) cos(kx x + l(t) y + phi) with l(t) = l0 - kx gam t:
    the shear turns the wave vector (T_t gains kx gam y sin, cancelling the advection term),
    and conduction takes E(t) = -alpha (kx^2 t + (l0^3 - l(t)^3) / (3 kx gam)).
    Mode 1: A = 3 K, wavelength 30 mm, l0 = 1.0 1/mm; mode 2: A = 1.5 K, wavelength 15 mm,
    l0 = -0.5 1/mm. At t = 10 s mode 1 has l = -1.09 1/mm and has decayed by e^-0.39; mode 2 has
    l = -4.69 1/mm (a 1.3 mm stripe across the 5 mm gap) and has decayed by e^-7.95.
"""

import math

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
T = sp.Function("T")

H, L = 5.0, 60.0  # mm
U = 5.0  # mm/s
gam = U / H  # 1/s
alpha = 0.095  # mm^2/s
k = 2.85e-4  # W/(mm K)
Tref, G = 40.0, 0.1  # degC, K/mm

developed = Tref + G * x + gam * G * y**3 / (6 * alpha)


def kelvin(amp, wavelength, l0, phase):
    kx = 2 * math.pi / wavelength
    lt = l0 - kx * gam * t
    E = -alpha * (kx**2 * t + (l0**3 - lt**3) / (3 * kx * gam))
    return amp * sp.exp(E) * sp.cos(kx * x + lt * y + phase)


exact = developed + kelvin(3.0, 30.0, 1.0, 0.3) + kelvin(1.5, 15.0, -0.5, 1.1)

Tf = T(x, y, t)
domain = Box(x=(0, L), y=(0, H), t=(0, 10))
problem = Problem(Tf, domain, name="couette-sheared-stripes")
problem.equation(
    "energy", sp.Eq(Tf.diff(t) + gam * y * Tf.diff(x), alpha * (Tf.diff(x, 2) + Tf.diff(y, 2)))
)
problem.condition("initial", sp.Eq(T(x, y, 0), exact.subs(t, 0)))
problem.condition("inlet", sp.Eq(T(0, y, t), exact.subs(x, 0)))
problem.condition("outlet", sp.Eq(Tf.diff(x).subs(x, L), exact.diff(x).subs(x, L)))
wall_flux = (-k * exact.diff(y)).subs(y, 0)
problem.condition("fixed-wall-flux", sp.Eq(-k * Tf.diff(y).subs(y, 0), wall_flux))
problem.condition("sliding-wall", sp.Eq(T(x, H, t), exact.subs(y, H)))
problem.exact(exact)
