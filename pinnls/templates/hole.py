"""__NAME__: Poisson, -(u_xx + u_yy) = f on a square plate with a round hole, u given on the
outer edge and a Robin condition (flux through the outward normal) on the hole's rim.

A starter problem file written by `pinnls new`. Edit it, then:

    pinnls check __NAME__.py     # validate and compile, print every term
    pinnls solve __NAME__.py     # train; results go to results/__NAME__/

The problem language is described in docs/problem-files.md of the pinnls repository
(section "Domains that are not boxes").
"""

import sympy as sp

from pinnls import Box, Disk, Problem

# The axes and the unknown: u is a function of (x, y).
x, y = sp.symbols("x y")
u = sp.Function("u")

# The plate: the unit square minus a disk. Shapes combine with - (difference), | (union) and
# & (intersection); Polygon([...]) and Ball(...) are shapes too.
hole = Disk(center=(0.5, 0.5), radius=0.2)
plate = Box(x=(0, 1), y=(0, 1)) - hole
problem = Problem(u(x, y), plate, name="__NAME__")

# The solution we want (so that the first solve reports its true error) and its source term.
exact = sp.sin(sp.pi * x) * sp.exp(y)
f = -(exact.diff(x, 2) + exact.diff(y, 2))
problem.equation("pde", sp.Eq(-(u(x, y).diff(x, 2) + u(x, y).diff(y, 2)), f))

# Where conditions hold: plate.boundary, or the part of it where a relation holds.
rim = (x - 0.5) ** 2 + (y - 0.5) ** 2 < 0.3**2
problem.condition("outer", sp.Eq(u(x, y), exact), on=plate.boundary.where(sp.Not(rim)))
# plate.normal: symbols for the outward unit normal (out of the plate, into the hole here),
# replaced by each boundary point's own normal when the term is compiled.
n = plate.normal
flux = n[0] * u(x, y).diff(x) + n[1] * u(x, y).diff(y)
problem.condition(
    "rim",
    sp.Eq(flux + u(x, y), n[0] * exact.diff(x) + n[1] * exact.diff(y) + exact),
    on=plate.boundary.where(rim),
)

# Optional: the exact solution. pinnls checks it against every term and reports the true error.
problem.exact(exact)
