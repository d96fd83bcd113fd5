"""Darcy flow in the unit square in mixed form: q + k grad p = 0, div q = f (a system of three).

Pressure p and the Darcy flux q = (qx, qy) in a porous square whose permeability
k(x, y) = 1 + x y grows towards the corner (1, 1). Written as a first-order system, the flux is
an unknown of its own (as in mixed finite elements), so the no-flow walls are conditions on q
directly:

    qx + k p_x = 0,        qy + k p_y = 0,        qx_x + qy_y = f,

with the pressure held at the left and right sides (p = 0 at x = 0, p = 1 at x = 1) and
impermeable bottom and top (qy = 0 at y = 0 and y = 1).

The solution is manufactured: choose

    p = x + sin(pi x) cos(pi y),        q = -k grad p,

and take the source f = div q. Then Darcy's law and the mass balance hold by construction, and
the chosen p meets the boundary conditions by itself: p(0, y) = 0, p(1, y) = 1, and
p_y = -pi sin(pi x) sin(pi y) vanishes at y = 0 and y = 1, so qy = -k p_y = 0 on the walls.
"""

import sympy as sp

from pinnls import Box, Problem

x, y = sp.symbols("x y")
p, qx, qy = sp.Function("p"), sp.Function("qx"), sp.Function("qy")
k = 1 + x * y  # permeability

exact_p = x + sp.sin(sp.pi * x) * sp.cos(sp.pi * y)
exact_qx = -k * exact_p.diff(x)
exact_qy = -k * exact_p.diff(y)
source = sp.simplify(exact_qx.diff(x) + exact_qy.diff(y))

domain = Box(x=(0, 1), y=(0, 1))
problem = Problem([p(x, y), qx(x, y), qy(x, y)], domain, name="darcy-2d")
problem.equation("darcy-x", sp.Eq(qx(x, y) + k * p(x, y).diff(x), 0))
problem.equation("darcy-y", sp.Eq(qy(x, y) + k * p(x, y).diff(y), 0))
problem.equation("mass", sp.Eq(qx(x, y).diff(x) + qy(x, y).diff(y), source))
problem.condition("pressure-left", sp.Eq(p(0, y), 0))
problem.condition("pressure-right", sp.Eq(p(1, y), 1))
problem.condition("wall-bottom", sp.Eq(qy(x, 0), 0))
problem.condition("wall-top", sp.Eq(qy(x, 1), 0))
problem.exact({p(x, y): exact_p, qx(x, y): exact_qx, qy(x, y): exact_qy})
