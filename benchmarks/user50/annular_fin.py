"""Steady temperature in an annular (circular) aluminium fin on a hot pipe, with convection
from both faces and from the rim.

    T_xx + T_yy = m^2 (T - Tinf)       on r1 <= r <= r2 (a disk minus the pipe),

T in degC, lengths in m. Pipe outer radius r1 = 12.5 mm, fin outer radius r2 = 40 mm, fin
thickness delta = 1.5 mm, conductivity kf = 180 W/m/K, air-side coefficient h = 40 W/m^2/K,
so m^2 = 2 h / (kf delta) = 296.3 1/m^2 (thin-fin, 1-D across the thickness approximation).
Air Tinf = 25 degC, pipe wall (fin base) Tb = 100 degC.

Conditions:
  * base r = r1 (the hole's rim): T = Tb (Dirichlet);
  * rim r = r2: -kf dT/dn = h (T - Tinf), written kf (n . grad T) + h (T - Tinf) = 0 with the
    shape's outward normal (Robin).

Exact solution (closed form, by hand): theta = T - Tinf = C1 I0(m r) + C2 K0(m r) (modified
Bessel functions), C1 and C2 from the 2x2 system theta(r1) = Tb - Tinf and
kf m (C1 I1(m r2) - C2 K1(m r2)) + h (C1 I0(m r2) + C2 K0(m r2)) = 0, solved with sympy at
30 digits.
"""

import sympy as sp

from pinnls import Disk, Problem

x, y = sp.symbols("x y")
T = sp.Function("T")

r1 = sp.Rational(125, 10000)  # m
r2 = sp.Rational(4, 100)  # m
delta = sp.Rational(15, 10000)  # m
kf = 180  # W/m/K
h = 40  # W/m^2/K
Tinf, Tb = 25, 100  # degC
m2 = 2 * h / (kf * delta)
m = sp.sqrt(m2)

C1, C2 = sp.symbols("C1 C2")
I0, K0 = sp.besseli(0, m * r1), sp.besselk(0, m * r1)
eqs = [
    C1 * I0 + C2 * K0 - (Tb - Tinf),
    kf * m * (C1 * sp.besseli(1, m * r2) - C2 * sp.besselk(1, m * r2))
    + h * (C1 * sp.besseli(0, m * r2) + C2 * sp.besselk(0, m * r2)),
]
sol = sp.solve([e.evalf(30) for e in eqs], [C1, C2])
c1, c2 = sp.Float(sol[C1], 20), sp.Float(sol[C2], 20)

r = sp.sqrt(x**2 + y**2)
exact = Tinf + c1 * sp.besseli(0, m * r) + c2 * sp.besselk(0, m * r)

fin = Disk(center=(0, 0), radius=r2) - Disk(center=(0, 0), radius=r1)
n = fin.normal
Tf = T(x, y)
problem = Problem(Tf, fin, name="annular-fin")
problem.equation("pde", sp.Eq(Tf.diff(x, 2) + Tf.diff(y, 2), m2 * (Tf - Tinf)))
base = x**2 + y**2 < (r1 + r2) ** 2 / 4  # the inner rim
problem.condition("base", sp.Eq(Tf, Tb), on=fin.boundary.where(base))
problem.condition(
    "rim",
    sp.Eq(kf * (n[0] * Tf.diff(x) + n[1] * Tf.diff(y)) + h * (Tf - Tinf), 0),
    on=fin.boundary.where(sp.Not(base)),
)
problem.exact(exact)
