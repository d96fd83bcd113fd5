"""A 2-D groundwater plume in a confined aquifer: an old spill plus a leaking source zone.

    c_t + v c_x = DL c_xx + DT c_yy - lam c + S(x, y, t)

on x in [0, 200] m (along the groundwater flow), y in [-40, 40] m, t in [0, 365] days; c in
mg/L (depth-averaged). Seepage velocity v = 0.3 m/day; dispersion DL = alpha_L v = 1.5 m^2/day
(alpha_L = 5 m), DT = alpha_T v = 0.15 m^2/day (alpha_T = 0.5 m): ten times less transverse.
First-order biodegradation lam = 1e-3 1/day.

Exact solution (closed form by hand) = spill + source zone:
  * spill: the free-space solution of an instantaneous release at (40, 0) m that is already
    t0 = 20 days old at t = 0 (an anisotropic Gaussian plume),
        c1 = 5 t0/(t + t0) exp(-(x - 40 - v t)^2 / (4 DL (t + t0)) - y^2 / (4 DT (t + t0)) - lam t),
    which satisfies the homogeneous equation exactly;
  * source zone around (25, 0) m that starts to leach at t = 0 with a 60-day time constant,
        c2 = 2 (1 - e^{-t/60}) exp(-((x - 25)/6)^2 - (y/3)^2),
    and S is this term's residual, S = c2_t + v c2_x - DL c2_xx - DT c2_yy + lam c2, derived
    with sympy below (so S is the leaching source rate that keeps the source zone as it is).
Conditions: c(x, y, 0) from the exact solution, c(0, y, t) at the upstream edge (Dirichlet, the
exact value), and at the outflow edge x = 200 m and the lateral edges y = +-40 m the normal
derivative of the exact solution (Neumann; nearly zero except where the plume leaves).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
c = sp.Function("c")

v = sp.Rational(3, 10)  # m/day
DL = sp.Rational(3, 2)  # m^2/day
DT = sp.Rational(3, 20)  # m^2/day
lam = sp.Rational(1, 1000)  # 1/day
t0 = 20  # age of the spill at t = 0, days

spill = (
    5
    * t0
    / (t + t0)
    * sp.exp(-((x - 40 - v * t) ** 2) / (4 * DL * (t + t0)) - y**2 / (4 * DT * (t + t0)) - lam * t)
)
zone = 2 * (1 - sp.exp(-t / 60)) * sp.exp(-(((x - 25) / 6) ** 2) - (y / 3) ** 2)


def transport(f):
    return f.diff(t) + v * f.diff(x) - DL * f.diff(x, 2) - DT * f.diff(y, 2) + lam * f


S = sp.simplify(transport(zone))
exact = spill + zone

C = c(x, y, t)
domain = Box(x=(0, 200), y=(-40, 40), t=(0, 365))
problem = Problem(C, domain, name="aquifer-plume-2d")
problem.equation(
    "pde", sp.Eq(C.diff(t) + v * C.diff(x), DL * C.diff(x, 2) + DT * C.diff(y, 2) - lam * C + S)
)
problem.condition("initial", sp.Eq(c(x, y, 0), exact.subs(t, 0)))
problem.condition("upstream", sp.Eq(c(0, y, t), exact.subs(x, 0)))
problem.condition("downstream", sp.Eq(C.diff(x).subs(x, 200), exact.diff(x).subs(x, 200)))
problem.condition("side-south", sp.Eq(C.diff(y).subs(y, -40), exact.diff(y).subs(y, -40)))
problem.condition("side-north", sp.Eq(C.diff(y).subs(y, 40), exact.diff(y).subs(y, 40)))
problem.exact(exact)
