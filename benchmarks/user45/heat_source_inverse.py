"""Inverse problem: a rod heated by a source of unknown strength q, u_t = D u_xx + q sin(pi x).

Domain: x in [0, 1], t in [0, 1]; D = 0.2 known.

Unknowns: the temperature u(x, t) and the source strength q, an unknown constant (q(), an
unknown of no arguments). True value q = 2.5.

Conditions: u(x, 0) = sin(pi x); u = 0 at both ends. Data: u measured without noise at 300
seeded random points (x, t) of the box, the exact solution's values there. Only the data fix q.

Exact solution (L = D pi^2):

    u = exp(-L t) sin(pi x) + q (1 - exp(-L t)) sin(pi x) / L,    q = 2.5.

(u_t - D u_xx = q exp(-L t) sin(pi x) + q (1 - exp(-L t)) sin(pi x) = q sin(pi x).)
"""

import numpy as np
import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u, q = sp.Function("u"), sp.Function("q")
D = sp.Rational(1, 5)
strength = sp.Rational(5, 2)
L = D * sp.pi**2
exact_u = (
    sp.exp(-L * t) * sp.sin(sp.pi * x) + strength * (1 - sp.exp(-L * t)) * sp.sin(sp.pi * x) / L
)

sensors = np.random.default_rng(45).random((300, 2))  # (x, t) of each sensor
measured = sp.lambdify((x, t), exact_u, "numpy")(sensors[:, 0], sensors[:, 1])

domain = Box(x=(0, 1), t=(0, 1))
problem = Problem([u(x, t), q()], domain, name="heat-source-inverse")
U = u(x, t)
problem.equation("pde", sp.Eq(U.diff(t) - D * U.diff(x, 2) - q() * sp.sin(sp.pi * x), 0))
problem.condition("initial", sp.Eq(u(x, 0), sp.sin(sp.pi * x)))
problem.condition("left", sp.Eq(u(0, t), 0))
problem.condition("right", sp.Eq(u(1, t), 0))
problem.data("sensors", U, points=sensors, values=measured)
problem.exact({U: exact_u, q(): strength})
