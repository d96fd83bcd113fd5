"""A rhodamine dye patch released in a coastal current with lateral shear: the patch drifts,
spreads and is sheared into a tilted streak (2-D, depth-averaged, in time).

    c_t + (U0 + s (y - yc)) c_x = K (c_xx + c_yy)

on x in [0, 7000] m (alongshore), y in [0, 1500] m (offshore), t in [0, 21600] s (6 h); SI
units, c in ug/L (ppb). Current U0 = 0.2 m/s at yc = 750 m, lateral shear s = 2e-4 1/s (the
current runs from 0.05 m/s at y = 0 to 0.35 m/s at 1500 m), horizontal diffusivity K = 0.5
m^2/s. The dye is released at (800, 900) m as a patch of radius sigma0 = 100 m, peak 100 ppb.

Conditions: the initial patch; c = exact on x = 0 (inflow), y = 0 and y = 1500 m; c_x = exact
on x = 7000 m (outflow). The exact values there are small but not zero.

Exact solution (by hand; Okubo's shear-diffusion result): a linear flow keeps a Gaussian
a Gaussian. The centre moves with the current at its own y, X(t) = x0 + (U0 + s (y0 - yc)) t,
and the covariance obeys dSig/dt = A Sig + Sig A^T + 2 K I with A = [[0, s], [0, 0]]:
    Sig_yy = sigma0^2 + 2 K t,
    Sig_xy = s (sigma0^2 t + K t^2),
    Sig_xx = sigma0^2 + 2 K t + s^2 (sigma0^2 t^2 + 2 K t^3 / 3),
and c = 100 sigma0^2 / sqrt(det Sig) exp(-d^T Sig^-1 d / 2), d = (x - X(t), y - y0) (the dye's
mass is conserved). After 6 h the streak is about 600 m long (one sigma along x) and 180 m
wide, tilted by the shear, its centre 5 km downstream.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
c = sp.Function("c")

U0 = 0.2  # m/s
s = 2e-4  # 1/s
yc = 750.0  # m
K = 0.5  # m^2/s
sig0 = 100.0  # m
x0, y0 = 800.0, 900.0  # m
Lx, Ly = 7000.0, 1500.0  # m

Syy = sig0**2 + 2 * K * t
Sxy = s * (sig0**2 * t + K * t**2)
Sxx = sig0**2 + 2 * K * t + s**2 * (sig0**2 * t**2 + 2 * K * t**3 / 3)
det = Sxx * Syy - Sxy**2
dx = x - x0 - (U0 + s * (y0 - yc)) * t
dy = y - y0
quad = (Syy * dx**2 - 2 * Sxy * dx * dy + Sxx * dy**2) / det
exact = 100 * sig0**2 / sp.sqrt(det) * sp.exp(-quad / 2)

cc = c(x, y, t)
domain = Box(x=(0, Lx), y=(0, Ly), t=(0, 21600))
problem = Problem(cc, domain, name="shear-dye-patch")
problem.equation(
    "pde", sp.Eq(cc.diff(t) + (U0 + s * (y - yc)) * cc.diff(x), K * (cc.diff(x, 2) + cc.diff(y, 2)))
)
problem.condition("initial", sp.Eq(c(x, y, 0), exact.subs(t, 0)))
problem.condition("inflow", sp.Eq(c(0, y, t), exact.subs(x, 0)))
problem.condition("shore", sp.Eq(c(x, 0, t), exact.subs(y, 0)))
problem.condition("offshore", sp.Eq(c(x, Ly, t), exact.subs(y, Ly)))
problem.condition("outflow", sp.Eq(cc.diff(x).subs(x, Lx), exact.diff(x).subs(x, Lx)))
problem.exact(exact)
