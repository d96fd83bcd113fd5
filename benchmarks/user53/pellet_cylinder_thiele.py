"""A cylindrical catalyst pellet (3 mm x 3 mm, a tablet of Ni/alumina for a first-order
hydrogenation) with internal diffusion, reaction and an external film: steady 2-D
axisymmetric diffusion-reaction in (r, z), written multiplied by r so that the axis r = 0
is an ordinary row.

    D_e (r c_rr + c_r + r c_zz) - k r c = 0        (D_e Lap c = k c in cylindrical coordinates)

on r in [0, 1.5] mm, z in [0, 1.5] mm (the upper half of the tablet; z = 0 is its mid-plane);
mm, s, c in mol/m^3. Effective diffusivity D_e = 0.1 mm^2/s (1e-7 m^2/s), first-order rate
constant k = 2 1/s: Thiele modulus phi = R sqrt(k / D_e) = 6.71 (strong pore-diffusion
limitation: reaction in a 0.22 mm shell). Film: k_m = 5 mm/s, Biot Bi = k_m R / D_e = 75.
Bulk concentration c_b = 10 mol/m^3.

Conditions:
    r = 0:     c_r = 0                               (axis, Neumann)
    z = 0:     c_z = 0                               (mid-plane symmetry, Neumann)
    r = R:     D_e c_r = k_m (c_b - c)                (mantle film, Robin, data in closed form)
    z = H:     D_e c_z + k_m c = exact                (end-face film, Robin; the data lie
                                                       within -7 % / +3 % of k_m c_b)

Exact solution (by hand): the infinite cylinder's c_b Bi I0(m r) / (Bi I0(phi) + phi I1(phi)),
m = sqrt(k / D_e), which meets the mantle's condition exactly, plus four end-face corrections
B_n J0(a_n r) cosh(b_n z) / cosh(b_n H), a_n R J1(a_n R) = Bi J0(a_n R) (mpmath.findroot:
a_n R = 2.373, 5.447, 8.540, 11.64, each meeting the homogeneous mantle condition),
b_n = sqrt(a_n^2 + m^2), B_n the Sturm-Liouville projection (mpmath.quad) of the end face's
condition k_m (c_b - c_inf(r)). Effectiveness about 0.35; 0.9 mol/m^3 left at the centre.
"""

import math

import mpmath as mpm
import sympy as sp

from pinnls import Box, Problem

r, z = sp.symbols("r z")
cf = sp.Function("c")

R, H = 1.5, 1.5  # mm
De = 0.1  # mm^2/s
k = 2.0  # 1/s
km = 5.0  # mm/s
cb = 10.0  # mol/m^3

mpm.mp.dps = 30
m = math.sqrt(k / De)
phi = m * R
Bi = km * R / De
a0 = cb * Bi / (Bi * float(mpm.besseli(0, phi)) + phi * float(mpm.besseli(1, phi)))
c_inf = a0 * sp.besseli(0, m * r)

ends = 0
roots = []
for guess in (2.4, 5.5, 8.6, 11.7):
    roots.append(mpm.findroot(lambda s: s * mpm.besselj(1, s) - Bi * mpm.besselj(0, s), guess))
for s_n in roots:
    a_n = s_n / R
    b_n = mpm.sqrt(a_n**2 + m**2)

    def g(rr):
        return km * (cb - a0 * mpm.besseli(0, m * rr))

    num = mpm.quad(lambda rr, a=a_n: rr * g(rr) * mpm.besselj(0, a * rr), [0, R])
    den = mpm.quad(lambda rr, a=a_n: rr * mpm.besselj(0, a * rr) ** 2, [0, R])
    B_n = num / den / (De * b_n * mpm.tanh(b_n * H) + km)
    ends += (
        float(B_n)
        * sp.besselj(0, float(a_n) * r)
        * sp.cosh(float(b_n) * z)
        / float(mpm.cosh(b_n * H))
    )
exact = c_inf + ends

c = cf(r, z)
domain = Box(r=(0, R), z=(0, H))
problem = Problem(c, domain, name="pellet-cylinder-thiele")
problem.equation(
    "diffusion-reaction",
    sp.Eq(De * (r * c.diff(r, 2) + c.diff(r) + r * c.diff(z, 2)) - k * r * c, 0),
)
problem.condition("axis", sp.Eq(c.diff(r).subs(r, 0), 0))
problem.condition("mid-plane", sp.Eq(c.diff(z).subs(z, 0), 0))
problem.condition("mantle-film", sp.Eq(De * c.diff(r).subs(r, R), km * (cb - cf(R, z))))
end_data = (De * exact.diff(z) + km * exact).subs(z, H)
problem.condition("end-film", sp.Eq(De * c.diff(z).subs(z, H) + km * cf(r, H), end_data))
problem.exact(exact)
