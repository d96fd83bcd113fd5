"""Solid-body rotation about (0.5, 0.5): u_t - (y - 0.5) u_x + (x - 0.5) u_y = 0.

A Gaussian centred at (0.7, 0.5) turns counter-clockwise with angular speed 1. Characteristics
are circles about the centre; those that cross the square's faces need inflow data there, so
each face carries the exact solution (tiny there, but not zero).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")


def blob(px, py):
    return sp.exp(-((px - 0.7) ** 2 + (py - 0.5) ** 2) / 0.1**2)


# Rotating the point back by angle t about the centre gives the solution.
xr = 0.5 + (x - 0.5) * sp.cos(t) + (y - 0.5) * sp.sin(t)
yr = 0.5 - (x - 0.5) * sp.sin(t) + (y - 0.5) * sp.cos(t)
exact = blob(xr, yr)

domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="rotation-2d")
pde = u(x, y, t).diff(t) - (y - 0.5) * u(x, y, t).diff(x) + (x - 0.5) * u(x, y, t).diff(y)
problem.equation("pde", sp.Eq(pde, 0))
problem.condition("initial", sp.Eq(u(x, y, 0), blob(x, y)))
for axis, value in [(x, 0), (x, 1), (y, 0), (y, 1)]:
    name = f"face-{axis}{value}"
    problem.condition(name, sp.Eq(u(x, y, t).subs(axis, value), exact.subs(axis, value)))
problem.exact(exact)
