"""A pulsed emitter in a steady wind over a 12 km x 6 km plain, with first-order decay.

    c_t + a . grad c + k c = S(x, y, t),   c(x, y, 0) = 0,

c in ug/m^3, x and y in km, t in hours. The wind a = (3, 0.75) km/h, the decay rate
k = 0.2 1/h. The emitter is a Gaussian of radius 0.6 km at (3, 2) km whose strength
switches on and off smoothly, a Gaussian in time peaking at t0 = 1.5 h (width 0.4 h).
The exact solution is the source integrated back along the wind, in closed form with erf.
Inflow data (the exact solution, tiny there) on the faces the wind enters (x = 0, y = 0).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
c = sp.Function("c")

ax, ay = 3, sp.Rational(3, 4)  # wind, km/h
k = sp.Rational(1, 5)  # decay, 1/h
Q = 5  # peak emission rate, ug/m^3/h
x0, y0, sigma = 3, 2, sp.Rational(3, 5)  # emitter centre and radius, km
t0, tau = sp.Rational(3, 2), sp.Rational(2, 5)  # emission peak and duration, h

source = Q * sp.exp(-((x - x0) ** 2 + (y - y0) ** 2) / sigma**2) * sp.exp(-(((t - t0) / tau) ** 2))

# c(X, t) = int_0^t S(X - a s, t - s) exp(-k s) ds = int_0^t exp(-alpha s^2 + beta s + gamma) ds
dx, dy = x - x0, y - y0
alpha = (ax**2 + ay**2) / sigma**2 + 1 / tau**2
beta = 2 * (ax * dx + ay * dy) / sigma**2 + 2 * (t - t0) / tau**2 - k
gamma = -(dx**2 + dy**2) / sigma**2 - (t - t0) ** 2 / tau**2
s_star = beta / (2 * alpha)
exact = (
    Q
    * sp.sqrt(sp.pi)
    / (2 * sp.sqrt(alpha))
    * sp.exp(gamma + beta**2 / (4 * alpha))
    * (sp.erf(sp.sqrt(alpha) * (t - s_star)) + sp.erf(sp.sqrt(alpha) * s_star))
)

domain = Box(x=(0, 12), y=(0, 6), t=(0, 4))
problem = Problem(c(x, y, t), domain, name="pulsed-emitter-wind")
transport = c(x, y, t).diff(t) + ax * c(x, y, t).diff(x) + ay * c(x, y, t).diff(y) + k * c(x, y, t)
problem.equation("pde", sp.Eq(transport, source))
problem.condition("initial", sp.Eq(c(x, y, 0), 0))
problem.inflow("inflow", sp.Eq(c(x, y, t), exact))
problem.exact(exact)
