"""A chlorophyll anomaly stirred by a mesoscale ocean eddy: a tracer in solid-body rotation
with horizontal eddy diffusion, on the disk of the eddy's core, in time.

    c_t - Om y c_x + Om x c_y = K (c_xx + c_yy)     on r <= R = 60 km, t in [0, 8] days,

x, y in km from the eddy centre, t in days, c in mg/m^3 (chlorophyll). Solid-body rotation
with period 4 days, Om = 2 pi / 4 1/day (a relative vorticity 2 Om = 3.6e-5 1/s, about 0.35 f
at mid-latitudes), counter-clockwise. Horizontal eddy diffusivity K = 10 km^2/day (116 m^2/s).

Conditions: the rim of the core r = R is a streamline (u . n = 0), and the tracer does not
diffuse across it: K dc/dn = 0 (Neumann, with the disk's outward normal). Initial anomaly:
the exact solution at t = 0.

Exact solution (by hand): a background plus rotating, decaying Bessel modes,
    c = 0.5 + sum a_mn J_m(alpha_mn r) cos(m (theta - Om t) - phi_mn) e^{-K alpha_mn^2 t},
with alpha_mn R the n-th zero of J_m' (so dc/dr = 0 on the rim; mpmath.besseljzero). Since the
rotation is rigid, u . grad c = Om d/dtheta c, which the time derivative of the rotating phase
cancels; Laplacian(J_m(alpha r) cos m theta) = -alpha^2 J_m cos m theta gives the decay.
Modes (m, n): (0, 1), (1, 1), (2, 1), (3, 1), (1, 2); e-folding times from 24 days (0, 1)
to 13 days (1, 2). theta = atan2(y, x); J_m(0) cos(...) is finite at the centre.
"""

import math

import mpmath
import sympy as sp

from pinnls import Box, Disk, Problem

x, y, t = sp.symbols("x y t")
c = sp.Function("c")

R = 60.0  # km
Om = 2 * math.pi / 4  # 1/day
K = 10.0  # km^2/day

r = sp.sqrt(x**2 + y**2)
theta = sp.atan2(y, x)
modes = [  # (m, n, amplitude mg/m^3, phase)
    (0, 1, 0.3, 0.0),
    (1, 1, 0.4, 0.3),
    (2, 1, 0.25, 1.0),
    (3, 1, 0.15, -0.5),
    (1, 2, 0.2, 2.0),
]
exact = sp.Float(0.5)
for m, n, amp, phi in modes:
    # zeros of J_m'; for m = 0, besseljzero(0, n, 1) counts x = 0 as the first
    k = n + 1 if m == 0 else n
    alpha = float(mpmath.besseljzero(m, k, derivative=1)) / R
    exact += (
        amp
        * sp.besselj(m, alpha * r)
        * sp.cos(m * (theta - Om * t) - phi)
        * sp.exp(-K * alpha**2 * t)
    )

core = Disk(center=(0, 0), radius=R)
domain = core * Box(t=(0, 8))
n_x, n_y = core.normal
cc = c(x, y, t)
problem = Problem(cc, domain, name="eddy-rotating-modes")
advection = cc.diff(t) - Om * y * cc.diff(x) + Om * x * cc.diff(y)
problem.equation("pde", sp.Eq(advection, K * (cc.diff(x, 2) + cc.diff(y, 2))))
problem.condition("initial", sp.Eq(c(x, y, 0), exact.subs(t, 0)))
problem.condition(
    "rim-no-flux", sp.Eq(K * (n_x * cc.diff(x) + n_y * cc.diff(y)), 0), on=domain.boundary
)
problem.exact(exact)
