"""Steady lateral mixing of a bank-side outfall in a straight river reach (downstream
coordinate x is the time-like one).

    u c_x = Dy c_yy - k c      on x in [0, 2000] m (downstream), y in [0, 50] m (across),

c in mg/L. Mean velocity u = 0.5 m/s, transverse mixing coefficient Dy = 0.05 m^2/s
(0.6 d u* for a 2 m deep river with u* ~ 0.04 m/s), first-order decay k = 1e-4 1/s (e.g.
coliform die-off). Longitudinal dispersion is neglected against advection (the usual slender
plume approximation), so x plays the role of time.

Conditions:
  * outfall cross-section x = 0: a narrow Gaussian jet, 10 m from the left bank, half-width
    sigma = 2 m, c(0, y) = 50 exp(-((y - 10)/2)^2) (+ its images, below; the nearest, at y = -10 m,
    adds at most 7e-10 mg/L at the bank);
  * both banks impervious: c_y(x, 0) = 0 and c_y(x, 50) = 0.
No condition at the downstream end (the equation is first order in x).

Exact solution (closed form, by hand): the free-space solution of a spreading Gaussian,
    G(y; y') = sigma / sqrt(sigma^2 + 4 Dy x / u) exp(-(y - y')^2 / (sigma^2 + 4 Dy x / u)),
times the decay e^{-k x / u}, summed over the images of the outfall in both banks
(method of images: y' = 2 n W +- 10 m, n = -3..3). At x = 2000 m the plume's variance is
sigma^2 + 800 m^2, so the next image left out lies more than 300 m away: its contribution to
the bank flux is below e^{-100}.
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
c = sp.Function("c")

u = sp.Rational(1, 2)  # m/s
Dy = sp.Rational(1, 20)  # m^2/s
k = sp.Rational(1, 10000)  # 1/s
W = 50  # m, river width
y0 = 10  # m, outfall position from the left bank
sigma = 2  # m
c0 = 50  # mg/L at the outfall centre

var = sigma**2 + 4 * Dy * x / u
images = [2 * n * W + y0 for n in range(-3, 4)] + [2 * n * W - y0 for n in range(-3, 4)]
exact = (
    c0
    * sigma
    / sp.sqrt(var)
    * sp.exp(-k * x / u)
    * sum(sp.exp(-((y - yi) ** 2) / var) for yi in images)
)

C = c(x, y)
domain = Box(x=(0, 2000), y=(0, W))
problem = Problem(C, domain, name="river-lateral-mixing")
problem.equation("pde", sp.Eq(u * C.diff(x), Dy * C.diff(y, 2) - k * C))
problem.condition("outfall", sp.Eq(c(0, y), exact.subs(x, 0)))
problem.condition("left-bank", sp.Eq(C.diff(y).subs(y, 0), 0))
problem.condition("right-bank", sp.Eq(C.diff(y).subs(y, W), 0))
problem.exact(exact)
