"""2-D elastic waves in velocity-stress form: a P pulse and an S pulse crossing at angles.

Velocity (v1, v2) and stress (s11, s22, s12) of an isotropic solid with constant density
rho = 1 and Lame parameters lam = 1/2, mu = 1/4, so the P speed is c_p = sqrt((lam + 2 mu) / rho)
= 1 and the S speed c_s = sqrt(mu / rho) = 1/2:

    rho v1_t = s11_x + s12_y,                 rho v2_t = s12_x + s22_y,
    s11_t = (lam + 2 mu) v1_x + lam v2_y,     s22_t = lam v1_x + (lam + 2 mu) v2_y,
    s12_t = mu (v1_y + v2_x),

on x in [0, 1], y in [0, 1], t in [0, 1].

Exact: the sum of two plane waves, each exact on its own (the system is linear):

- a P wave along k = (0.8, 0.6), velocity along k:
  (v1, v2) = k F(a), sigma = -(lam I + 2 mu k k^T) F(a) / c_p, a = k . (x, y) - c_p t,
  F(a) = exp(-((a - 0.3) / 0.15)^2). Then sigma_t = (lam I + 2 mu k k^T) F' = lam div(v) I
  + mu (grad v + grad v^T), and div sigma = -(lam + 2 mu) k F' / c_p = -rho c_p k F' = rho v_t.
  Its crest runs from a = 0.3 to 1.3 (a = 1.4 at the corner (1, 1)): it crosses the square;
- an S wave along m = (-0.6, 0.8), velocity across m, along m' = (-m2, m1) = (-0.8, -0.6):
  (v1, v2) = m' G(b), sigma = -mu (m' m^T + m m'^T) G(b) / c_s, b = m . (x, y) - c_s t,
  G(b) = 0.5 exp(-((b - 0.1) / 0.15)^2). div v = 0, sigma_t = mu (grad v + grad v^T), and
  div sigma = -mu m' G' / c_s = -rho c_s m' G' = rho v_t. Its crest runs from b = 0.1 to 0.6
  (b runs from -0.6 at (1, 0) to 0.8 at (0, 1)), to the upper left.

Data: all five fields at t = 0, and both velocity components v1, v2 on each of the four sides,
from the exact solution. The choice: along a side's outward normal n the speeds are -c_p, -c_s,
0, c_s, c_p, so two enter on every side and a side takes two conditions. Giving the velocity
(as a prescribed displacement rate, a clamped wall when zero) is a well-posed choice: the
energy E = integral of rho |v|^2 / 2 + the strain energy changes by the boundary flux, the
integral of v . (sigma n), which vanishes when the velocity data are zero, so the difference
of two solutions with the same data keeps zero energy. In characteristic terms, the incoming
sigma_nn + Z_p v_n and sigma_nt + Z_s v_t (Z = rho c, n outward, t tangent) equal the outgoing
sigma_nn - Z_p v_n and sigma_nt - Z_s v_t plus 2 Z v_n and 2 Z v_t: fixed by the data and the
outgoing waves (a reflecting side, made transparent here because the data are the exact ones).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t, s = sp.symbols("x y t s")
v1, v2 = sp.Function("v1"), sp.Function("v2")
s11, s22, s12 = sp.Function("s11"), sp.Function("s22"), sp.Function("s12")
rho, lam, mu = 1, sp.Rational(1, 2), sp.Rational(1, 4)  # density and Lame parameters
cp, cs = sp.sqrt((lam + 2 * mu) / rho), sp.sqrt(mu / rho)  # P and S speeds: 1 and 1/2

k = sp.Matrix([sp.Rational(4, 5), sp.Rational(3, 5)])  # direction of the P wave
m = sp.Matrix([sp.Rational(-3, 5), sp.Rational(4, 5)])  # direction of the S wave
m_perp = sp.Matrix([-m[1], m[0]])  # the S wave's polarization

F = sp.exp(-(((s - 0.3) / 0.15) ** 2)).subs(s, k.dot([x, y]) - cp * t)
G = (sp.exp(-(((s - 0.1) / 0.15) ** 2)) / 2).subs(s, m.dot([x, y]) - cs * t)
velocity = k * F + m_perp * G
stress = (
    -(lam * sp.eye(2) + 2 * mu * k * k.T) * F / cp - mu * (m_perp * m.T + m * m_perp.T) * G / cs
)

domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
unknowns = [f(x, y, t) for f in (v1, v2, s11, s22, s12)]
V1, V2, S11, S22, S12 = unknowns
problem = Problem(unknowns, domain, name="elastic-plane-waves")
problem.equation("momentum-x", sp.Eq(rho * V1.diff(t), S11.diff(x) + S12.diff(y)))
problem.equation("momentum-y", sp.Eq(rho * V2.diff(t), S12.diff(x) + S22.diff(y)))
problem.equation("stress-xx", sp.Eq(S11.diff(t), (lam + 2 * mu) * V1.diff(x) + lam * V2.diff(y)))
problem.equation("stress-yy", sp.Eq(S22.diff(t), lam * V1.diff(x) + (lam + 2 * mu) * V2.diff(y)))
problem.equation("stress-xy", sp.Eq(S12.diff(t), mu * (V1.diff(y) + V2.diff(x))))
exact = {
    V1: velocity[0],
    V2: velocity[1],
    S11: stress[0, 0],
    S22: stress[1, 1],
    S12: stress[0, 1],
}
for unknown, value in exact.items():
    name = f"initial-{unknown.func.__name__}"
    problem.condition(name, sp.Eq(unknown.subs(t, 0), value.subs(t, 0)))
for axis, side in [(x, 0), (x, 1), (y, 0), (y, 1)]:
    for unknown in (V1, V2):
        name = f"{unknown.func.__name__}-{axis}{side}"
        problem.condition(name, sp.Eq(unknown.subs(axis, side), exact[unknown].subs(axis, side)))
problem.exact(exact)
