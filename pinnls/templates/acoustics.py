"""__NAME__: 1-D linear acoustics, a system of two unknowns p (pressure) and v (velocity).

    p_t + K v_x = 0,   v_t + p_x / rho = 0   on x in [0, 1], t in [0, 1]

A starter problem file written by `pinnls new`. Edit it, then:

    pinnls check __NAME__.py     # validate and compile, print every term
    pinnls solve __NAME__.py     # train; results go to results/__NAME__/

The sound speed is c = sqrt(K / rho) and the impedance Z = sqrt(K rho). The invariants p + Z v
and p - Z v travel right and left at speed c, so each boundary takes the one that enters
(characteristic data). The problem language is described in docs/problem-files.md of the
pinnls repository (section "Systems: several unknowns").
"""

import sympy as sp

from pinnls import Box, Problem

# The axes and the unknowns: both are functions of (x, t), with the same arguments.
x, t = sp.symbols("x t")
p, v = sp.Function("p"), sp.Function("v")

# Named constants: change them here or on the command line with --set K=2.
K, rho = sp.symbols("K rho")
c = sp.sqrt(K / rho)
Z = sp.sqrt(K * rho)

# What enters: a right-going pulse from the left, nothing from the right.
right = sp.exp(-((((x - c * t) - 0.3) / 0.2) ** 2))  # p + Z v, moving right at speed c
left = sp.Integer(0)  # p - Z v, moving left

domain = Box(x=(0, 1), t=(0, 1))
problem = Problem([p(x, t), v(x, t)], domain, name="__NAME__", parameters={"K": 1.0, "rho": 1.0})

# The equations hold inside the domain and may mix the unknowns.
problem.equation("mass", sp.Eq(p(x, t).diff(t) + K * v(x, t).diff(x), 0))
problem.equation("momentum", sp.Eq(v(x, t).diff(t) + p(x, t).diff(x) / rho, 0))
# Initial values of both unknowns on t = 0.
problem.condition("initial-p", sp.Eq(p(x, 0), ((right + left) / 2).subs(t, 0)))
problem.condition("initial-v", sp.Eq(v(x, 0), ((right - left) / (2 * Z)).subs(t, 0)))
# Characteristic boundary data: one condition per face, mixing p and v at the same point.
problem.condition("incoming-left", sp.Eq(p(0, t) + Z * v(0, t), right.subs(x, 0)))
problem.condition("incoming-right", sp.Eq(p(1, t) - Z * v(1, t), left))

# Optional: the exact solution, one expression per unknown. pinnls checks it against every
# term and reports each unknown's error. Delete these lines when you do not know it.
problem.exact({p(x, t): (right + left) / 2, v(x, t): (right - left) / (2 * Z)})
