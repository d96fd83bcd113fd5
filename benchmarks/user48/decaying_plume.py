"""A decaying pollutant cloud in a channel, plus a pulsed emitter (manufactured).

C_t + 1.0 C_x + 0.15 C_y + k C = S(x, y, t) on [0, 4] x [0, 1] m, t in [0, 3] s, k = 0.4 1/s.
The exact concentration is a cloud released at (0.5, 0.4) that drifts and decays, plus the
plume of an emitter at (2.5, 0.6) whose strength E(t) = 0.5 sin^2(pi t / 3) rises and falls;
the source S is what the equation needs for it (derived by problem.manufactured).
Initial data and inflow data (x = 0 and y = 0, where the flow enters) from the exact solution.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
C = sp.Function("C")

ux, uy = 1.0, 0.15  # m/s
k = 0.4  # 1/s, decay rate

cloud = sp.exp(-k * t) * sp.exp(-((x - 0.5 - ux * t) ** 2 + (y - 0.4 - uy * t) ** 2) / 0.15**2)
strength = 0.5 * sp.sin(sp.pi * t / 3) ** 2
emitter = strength * sp.exp(-((x - 2.5) ** 2) / 0.3**2 - (y - 0.6) ** 2 / 0.2**2)
exact = cloud + emitter

domain = Box(x=(0, 4), y=(0, 1), t=(0, 3))
base = Problem(C(x, y, t), domain, name="decaying-plume")
transport = C(x, y, t).diff(t) + ux * C(x, y, t).diff(x) + uy * C(x, y, t).diff(y) + k * C(x, y, t)
base.equation("transport", sp.Eq(transport, 0))
base.condition("initial", sp.Eq(C(x, y, 0), 0))
base.inflow("inflow", sp.Eq(C(x, y, t), 0))
problem = base.manufactured(exact)
