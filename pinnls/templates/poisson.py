"""__NAME__: Poisson, -(u_xx + u_yy) = f on the unit square, u = 0 on its boundary.

A starter problem file written by `pinnls new`. Edit it, then:

    pinnls check __NAME__.py     # validate and compile, print every term
    pinnls solve __NAME__.py     # train; results go to results/__NAME__/

The problem language is described in docs/problem-files.md of the pinnls repository.
"""

import sympy as sp

from pinnls import Box, Problem

# The axes and the unknown: u is a function of (x, y). No axis is named t: no time axis.
x, y = sp.symbols("x y")
u = sp.Function("u")

# The source term f, chosen so that sin(pi x) sin(pi y) is the solution.
f = 2 * sp.pi**2 * sp.sin(sp.pi * x) * sp.sin(sp.pi * y)

domain = Box(x=(0, 1), y=(0, 1))
problem = Problem(u(x, y), domain, name="__NAME__")

# The PDE holds inside the domain; Eq(left, right) with u linear on the left.
problem.equation("pde", sp.Eq(-(u(x, y).diff(x, 2) + u(x, y).diff(y, 2)), f))
# Conditions hold on faces, read from u's arguments: u(0, y) lies on x = 0, and so on.
problem.condition("left", sp.Eq(u(0, y), 0))
problem.condition("right", sp.Eq(u(1, y), 0))
problem.condition("bottom", sp.Eq(u(x, 0), 0))
problem.condition("top", sp.Eq(u(x, 1), 0))

# Optional: the exact solution. pinnls checks it against every term and reports the true error.
# Delete this line when you do not know it.
problem.exact(sp.sin(sp.pi * x) * sp.sin(sp.pi * y))

# Optional: fixed solver settings (the flags of `pinnls solve` override them). Without a
# settings dict, the automatic strategy chooses the basis.
# settings = {"optimizer": "lsgd", "width": 64, "activation": "tanh", "iterations": 500}
