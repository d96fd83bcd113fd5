"""__NAME__: transport, u_t + a u_x = 0 on x in [0, 1], t in [0, 1].

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

# A named constant: change it here or on the command line with --set a=2.
a = sp.Symbol("a")

# The initial profile (any sympy expression in x).
g = sp.sin(2 * sp.pi * x)

domain = Box(x=(0, 1), t=(0, 1))
problem = Problem(u(x, t), domain, name="__NAME__", parameters={"a": 1.0})

# The PDE holds inside the domain; Eq(left, right) with u linear on the left.
problem.equation("pde", sp.Eq(u(x, t).diff(t) + a * u(x, t).diff(x), 0))
# Conditions hold on faces, read from u's arguments: u(x, 0) lies on t = 0.
problem.condition("initial", sp.Eq(u(x, 0), g))
# Inflow data holds where the flow enters, found from the velocity a: on x = 0 for a > 0, on
# x = 1 for a < 0 (pinnls check shows which). Without it, check and solve refuse the problem.
problem.inflow("inflow", sp.Eq(u(x, t), g.subs(x, x - a * t)))

# Optional: the exact solution. pinnls checks it against every term and reports the true error.
# Delete this line when you do not know it.
problem.exact(g.subs(x, x - a * t))

# Optional: fixed solver settings (the flags of `pinnls solve` override them). Without a
# settings dict, the automatic strategy chooses the basis.
# settings = {"optimizer": "lsgd", "width": 64, "activation": "tanh", "iterations": 500}
