"""Inverse problem: a heated rod whose source strength q is an unknown constant, recovered from
25 temperature sensors: u_t = u_xx / 4 + q x (1 - x).

Domain: x in [0, 1], t in [0, 1].

Unknowns: the temperature u(x, t) and the source strength q, an unknown constant: q(), an
unknown of no arguments. (The helper who wrote this file found q() refused and declared q(x)
held constant by an equation q_x = 0; pinnls takes q() since.)

Conditions: u given at t = 0 and at both ends x = 0 and x = 1 (Dirichlet); u measured without
noise at 25 fixed seeded random points of the box (a data term; the values are the exact
solution's there). Nothing else fixes q: the sensors must.

Exact solution (the decaying first mode plus the rod's response to the source, q = 3):

    u = exp(-pi^2 t / 4) sin(pi x) + 3 x (1 - x) t - 3 t^2 / 4,    q = 3.

(u_t - u_xx / 4 = 3 x (1 - x) - 3 t / 2 + 3 t / 2 = 3 x (1 - x).)
"""

import numpy as np
import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u, q = sp.Function("u"), sp.Function("q")
R = sp.Rational
strength = 3
exact_u = (
    sp.exp(-(sp.pi**2) * t / 4) * sp.sin(sp.pi * x) + strength * x * (1 - x) * t - R(3, 4) * t**2
)

sensors = np.random.default_rng(43).random((25, 2))  # (x, t) of each sensor
measured = sp.lambdify((x, t), exact_u)(*sensors.T)

domain = Box(x=(0, 1), t=(0, 1))
problem = Problem([u(x, t), q()], domain, name="rod-unknown-source-strength")
U = u(x, t)
problem.equation(
    "pde", sp.Eq(U.diff(t) - U.diff(x, 2) / 4 - q() * x * (1 - x), 0), points="sobol:4096"
)
problem.condition("initial", sp.Eq(u(x, 0), exact_u.subs(t, 0)))
problem.condition("left", sp.Eq(u(0, t), exact_u.subs(x, 0)))
problem.condition("right", sp.Eq(u(1, t), exact_u.subs(x, 1)))
problem.data("sensors", U, points=sensors, values=measured)
problem.exact({U: exact_u, q(): sp.Integer(strength)})
