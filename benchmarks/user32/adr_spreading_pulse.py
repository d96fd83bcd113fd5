"""A pulse carried, spread and consumed: 2-D advection-diffusion-reaction over time.

PDE (x, y in [0, 1], t in [0, 1]):

    u_t + a . grad u = nu (u_xx + u_yy) - k u,        a = (0.8, 0.4),  nu = 0.02,  k = 0.5.

The Peclet number |a| L / nu, with L = 1 the side of the square, is 0.894 / 0.02 = 45:
transport dominates, but diffusion is not negligible over the horizon (the pulse's variance
grows from 0.01 to 0.09).

Exact solution: the Gaussian of variance sigma0^2 / 2 = 0.005 (sigma0 = 0.1) centred at
x0 = (0.25, 0.3) is the 2-D heat kernel started at the time -sigma0^2 / (4 nu); carried by
the constant flow and damped by the reaction it stays a Gaussian,

    u = sigma0^2 / (sigma0^2 + 4 nu t) * exp(-|x - x0 - a t|^2 / (sigma0^2 + 4 nu t) - k t),

whose peak decays as exp(-k t) / (1 + 4 nu t / sigma0^2) (to 0.07 at t = 1), while its
centre moves to (1.05, 0.7): at the end the pulse is half out of the square through x = 1.

Well-posedness: the equation is parabolic (second order in both space axes), so it takes the
initial state at t = 0 and one condition on every side of the square, whatever the direction
of the flow there; here u is held at its exact value (Dirichlet) on all four sides. The data
on the outflow side x = 1 are those of the pulse itself, so no boundary layer forms there.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

a = (sp.Rational(4, 5), sp.Rational(2, 5))  # velocity
nu = sp.Rational(1, 50)  # diffusivity
k = sp.Rational(1, 2)  # reaction rate
sigma0 = sp.Rational(1, 10)
x0, y0 = sp.Rational(1, 4), sp.Rational(3, 10)

spread = sigma0**2 + 4 * nu * t
distance2 = (x - x0 - a[0] * t) ** 2 + (y - y0 - a[1] * t) ** 2
exact = sigma0**2 / spread * sp.exp(-distance2 / spread - k * t)

U = u(x, y, t)
domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem(U, domain, name="adr-spreading-pulse")
transport = U.diff(t) + a[0] * U.diff(x) + a[1] * U.diff(y)
problem.equation("pde", sp.Eq(transport - nu * (U.diff(x, 2) + U.diff(y, 2)) + k * U, 0))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("left", sp.Eq(u(0, y, t), exact.subs(x, 0)))
problem.condition("right", sp.Eq(u(1, y, t), exact.subs(x, 1)))
problem.condition("bottom", sp.Eq(u(x, 0, t), exact.subs(y, 0)))
problem.condition("top", sp.Eq(u(x, 1, t), exact.subs(y, 1)))
problem.exact(exact)
