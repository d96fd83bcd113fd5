"""Pulses on a lossy but distortionless transmission line: the telegraph equation in 1-D + time.

PDE (x in [0, 1], t in [0, 1.5]), for the voltage u along a line of resistance R,
inductance L, conductance G and capacitance C per unit length:

    u_tt + (R/L + G/C) u_t + (R G)/(L C) u = u_xx / (L C).

Heaviside's distortionless line has R/L = G/C = alpha; then with c = 1 / sqrt(L C) it reads

    u_tt + 2 alpha u_t + alpha^2 u = c^2 u_xx,        alpha = 1,  c = 1.

Exact solution: any signal travels along such a line undistorted, only attenuated,

    u = exp(-alpha t) f(x - c t)

(substitute: the alpha f and c f' terms cancel and c^2 f'' is left on both sides). Here f is
two Gaussian pulses of width 0.08: one on the line at t = 0, centred at x = 0.25, and a
weaker one that the generator at x = 0 sends in around t = 0.4,

    f(s) = exp(-((s - 0.25) / 0.08)^2) + exp(-((s + 0.4) / 0.08)^2) / 2.

The first leaves through x = 1 around t = 0.75, the second around t = 1.4.

Boundary data and well-posedness: the equation is hyperbolic with speeds +c and -c, so one
characteristic enters at each end and each end takes one condition, beside the initial
voltage u(x, 0) = f(x) and its rate u_t(x, 0) = -alpha f(x) - c f'(x). At x = 0 the generator
imposes the voltage, u(0, t) = exp(-alpha t) f(-c t). At x = 1 the line is closed by a
matched load, which absorbs what arrives and sends nothing back: the incoming (left-going)
wave is zero, u_t + c u_x + alpha u = 0 at x = 1, which exp(-alpha t) f(x - c t) satisfies.
"""

import sympy as sp

from pinnls import Box, Problem

x, t, s = sp.symbols("x t s")
u = sp.Function("u")

alpha = sp.Integer(1)  # R/L = G/C
c = sp.Integer(1)  # 1 / sqrt(L C)
width = sp.Rational(2, 25)
f = (
    sp.exp(-(((s - sp.Rational(1, 4)) / width) ** 2))
    + sp.exp(-(((s + sp.Rational(2, 5)) / width) ** 2)) / 2
)
exact = sp.exp(-alpha * t) * f.subs(s, x - c * t)

U = u(x, t)
domain = Box(x=(0, 1), t=(0, sp.Rational(3, 2)))
problem = Problem(U, domain, name="telegraph-distortionless")
problem.equation(
    "pde", sp.Eq(U.diff(t, 2) + 2 * alpha * U.diff(t) + alpha**2 * U, c**2 * U.diff(x, 2))
)
problem.condition("initial", sp.Eq(u(x, 0), f.subs(s, x)))
problem.condition(
    "initial-rate", sp.Eq(U.diff(t).subs(t, 0), (-alpha * f - c * f.diff(s)).subs(s, x))
)
problem.condition("generator", sp.Eq(u(0, t), exact.subs(x, 0)))
matched_load = U.diff(t) + c * U.diff(x) + alpha * U
problem.condition("matched-load", sp.Eq(matched_load.subs(x, 1), 0))
problem.exact(exact)
