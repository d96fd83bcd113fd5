"""__NAME__: diffusion, u_t = k u_xx on x in [0, 1], t in [0, 1], u = 0 at both ends.

A starter problem file written by `pinnls new`. Edit it, then:

    pinnls check __NAME__.py     # validate and compile, print every term
    pinnls solve __NAME__.py     # train; results go to results/__NAME__/

The problem language is described in docs/problem-files.md of the pinnls repository.
"""

import sympy as sp

from pinnls import Box, Problem

# The axes and the unknown: u is a function of (x, t). An axis named t is the time axis.
x, t = sp.symbols("x t")
u = sp.Function("u")

# The diffusivity, a named constant: change it here or with --set k=0.5.
k = sp.Symbol("k")

domain = Box(x=(0, 1), t=(0, 1))
problem = Problem(u(x, t), domain, name="__NAME__", parameters={"k": 0.1})

# The PDE holds inside the domain; Eq(left, right) with u linear on the left.
problem.equation("pde", sp.Eq(u(x, t).diff(t) - k * u(x, t).diff(x, 2), 0))
# Conditions hold on faces, read from u's arguments: u(x, 0) lies on t = 0, u(0, t) on x = 0.
problem.condition("initial", sp.Eq(u(x, 0), sp.sin(sp.pi * x)))
problem.condition("left", sp.Eq(u(0, t), 0))
problem.condition("right", sp.Eq(u(1, t), 0))

# Optional: the exact solution. pinnls checks it against every term and reports the true error.
# Delete this line when you do not know it.
problem.exact(sp.exp(-k * sp.pi**2 * t) * sp.sin(sp.pi * x))

# Optional: fixed solver settings (the flags of `pinnls solve` override them). Without a
# settings dict, the automatic strategy chooses the basis.
# settings = {"optimizer": "lsgd", "width": 64, "activation": "tanh", "iterations": 500}
