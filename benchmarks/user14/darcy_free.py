"""Mixed Darcy: q = -grad p, div q = f, q.n given on the whole boundary (p up to a constant).

Written in session 14 as a new user would, in a minute each, and run with the defaults
(docs/benchmarks.md, section 29); not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
p, qx, qy = sp.Function("p"), sp.Function("qx"), sp.Function("qy")
P = sp.cos(sp.pi * x) * sp.cos(sp.pi * y) + x**2 * y
QX, QY = -sp.diff(P, x), -sp.diff(P, y)
problem = Problem([p(x, y), qx(x, y), qy(x, y)], Box(x=(0, 1), y=(0, 1)), name="darcy-free")
problem.equation("darcy-x", sp.Eq(qx(x, y) + p(x, y).diff(x), 0))
problem.equation("darcy-y", sp.Eq(qy(x, y) + p(x, y).diff(y), 0))
problem.equation(
    "mass", sp.Eq(qx(x, y).diff(x) + qy(x, y).diff(y), sp.diff(QX, x) + sp.diff(QY, y))
)
problem.condition("x0", sp.Eq(qx(0, y), QX.subs(x, 0)))
problem.condition("x1", sp.Eq(qx(1, y), QX.subs(x, 1)))
problem.condition("y0", sp.Eq(qy(x, 0), QY.subs(y, 0)))
problem.condition("y1", sp.Eq(qy(x, 1), QY.subs(y, 1)))
problem.exact({p(x, y): P + 7, qx(x, y): QX, qy(x, y): QY})
