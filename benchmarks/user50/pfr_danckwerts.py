"""Tubular reactor with axial dispersion and a first-order reaction, fed with a sinusoidally
modulated inlet (a frequency-response experiment on a PFR).

    c_t + u c_x = D c_xx - k c     on x in [0, 2] m, t in [0, 200] s,

c in mol/m^3. Superficial velocity u = 0.02 m/s (residence time 100 s), axial dispersion
D = 2e-3 m^2/s (Peclet u L / D = 20), rate constant k = 0.01 1/s (Damkohler k L / u = 1).
Feed concentration c_in(t) = 1 + 0.3 sin(2 pi t / 60) mol/m^3.

Conditions (Danckwerts):
    inlet  x = 0:  u c - D c_x = u c_in(t)     (Robin: the convective feed flux is conserved)
    outlet x = L:  c_x = 0                     (zero diffusive flux out)
    initial t = 0: the periodic steady state at t = 0 (the reactor has run long enough for
                   the start-up transient to die out, so we start on the oscillating state).

Exact solution (closed form, by hand): c = c_ss(x) + Re[C(x) exp(i w t)], where
c_ss = A e^{r1 (x - L)} + B e^{r2 x} with r1,2 the roots of D r^2 - u r - k = 0 (the
Wehner-Wilhelm steady state), and C(x) the same form with the complex roots of
D r^2 - u r - (k + i w) = 0. The two constants of each part solve the 2x2 linear system of
the Danckwerts conditions (complex for C), done numerically below in double precision. The
e^{r1 (x - L)} form keeps the large positive root from overflowing.
"""

import cmath

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
c = sp.Function("c")

L = 2.0  # m
u = 0.02  # m/s
D = 2e-3  # m^2/s
k = 0.01  # 1/s
c0, amp = 1.0, 0.3  # mol/m^3
w = 2 * cmath.pi / 60  # rad/s


def danckwerts_part(s, rhs):
    """Constants (r1, r2, A, B) of A e^{r1 (x-L)} + B e^{r2 x} solving D c'' - u c' - s c = 0,
    u c(0) - D c'(0) = rhs, c'(L) = 0."""
    disc = cmath.sqrt(u * u + 4 * D * s)
    r1, r2 = (u + disc) / (2 * D), (u - disc) / (2 * D)
    # rows: outlet flux, inlet Robin
    a11, a12 = r1, r2 * cmath.exp(r2 * L)
    a21, a22 = cmath.exp(-r1 * L) * (u - D * r1), (u - D * r2)
    det = a11 * a22 - a12 * a21
    A = (0 * a22 - a12 * rhs) / det
    B = (a11 * rhs - a21 * 0) / det
    return r1, r2, A, B


def re_exp(coef, root, shift, phase):
    """Re[coef * exp(root * (x - shift) + i phase)] written with real functions."""
    a, b = root.real, root.imag
    p, q = coef.real, coef.imag
    arg = b * (x - shift) + phase
    return sp.exp(a * (x - shift)) * (p * sp.cos(arg) - q * sp.sin(arg))


r1, r2, A, B = danckwerts_part(k, u * c0)
steady = A.real * sp.exp(r1.real * (x - L)) + B.real * sp.exp(r2.real * x)
# sin(w t) = Re[-i e^{i w t}]
r1w, r2w, Aw, Bw = danckwerts_part(k + 1j * w, u * amp * (-1j))
oscillating = re_exp(Aw, r1w, L, w.real * t) + re_exp(Bw, r2w, 0, w.real * t)
exact = steady + oscillating

C = c(x, t)
domain = Box(x=(0, L), t=(0, 200))
problem = Problem(C, domain, name="pfr-danckwerts")
problem.equation("pde", sp.Eq(C.diff(t) + u * C.diff(x), D * C.diff(x, 2) - k * C))
problem.condition(
    "danckwerts-inlet",
    sp.Eq(u * c(0, t) - D * C.diff(x).subs(x, 0), u * (c0 + amp * sp.sin(w.real * t))),
)
problem.condition("outlet", sp.Eq(C.diff(x).subs(x, L), 0))
problem.condition("initial", sp.Eq(c(x, 0), exact.subs(t, 0)))
problem.exact(exact)
