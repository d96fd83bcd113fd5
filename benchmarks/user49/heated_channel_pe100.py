"""Heat carried down a 1 m x 0.5 m channel at Peclet number 100, with a heated strip.

    T_t + U T_x = D (T_xx + T_yy) + f   on [0, 1] x [0, 0.5] m, t in [0, 5] s,

T in K above ambient, U = 0.1 m/s, D = 1e-3 m^2/s (Pe = U L / D = 100 with L = 1 m).
Manufactured: exact = a warm puff (the free-space solution: a Gaussian of radius 0.05 m that
drifts and spreads) + a heated strip along y = 0.25 m, sin(pi x) across the channel, ramped
in over 1 s. pinnls derives f and the data: the temperature at the inlet x = 0 and at the
walls y = 0, y = 0.5, the heat flux T_x at the outlet x = 1, the initial temperature.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
T = sp.Function("T")

U = sp.Rational(1, 10)  # m/s
D = sp.Rational(1, 1000)  # m^2/s
s0 = sp.Rational(1, 20)  # puff radius, m

spread = s0**2 + 4 * D * t
puff = (
    s0**2
    / spread
    * sp.exp(-((x - sp.Rational(1, 5) - U * t) ** 2 + (y - sp.Rational(1, 4)) ** 2) / spread)
)
strip = (
    sp.Rational(1, 2)
    * (1 - sp.exp(-t))
    * sp.sin(sp.pi * x)
    * sp.exp(-(((y - sp.Rational(1, 4)) / sp.Rational(2, 25)) ** 2))
)
exact = puff + strip

Tf = T(x, y, t)
domain = Box(x=(0, 1), y=(0, sp.Rational(1, 2)), t=(0, 5))
base = Problem(Tf, domain, name="heated-channel-pe100")
base.equation("pde", sp.Eq(Tf.diff(t) + U * Tf.diff(x), D * (Tf.diff(x, 2) + Tf.diff(y, 2))))
base.condition("initial", sp.Eq(T(x, y, 0), 0))
base.condition("inlet", sp.Eq(T(0, y, t), 0))
base.condition("outlet-flux", sp.Eq(Tf.diff(x).subs(x, 1), 0))
base.condition("wall-bottom", sp.Eq(T(x, 0, t), 0))
base.condition("wall-top", sp.Eq(T(x, sp.Rational(1, 2), t), 0))
problem = base.manufactured(exact)
