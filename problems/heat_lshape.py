"""u_t = 0.1 Δu + f on an L-shaped plate (the unit square without its upper right quarter),
u given on the edges and at t = 0, heat flux prescribed on the re-entrant edges (a Neumann
condition through the outward normal): manufactured u = e^(-t/2) sin(πx) cos(πy/2) + x y t."""

import sympy as sp

from pinnls import Box, Polygon, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
solution = sp.exp(-t / 2) * sp.sin(sp.pi * x) * sp.cos(sp.pi * y / 2) + x * y * t

plate = Polygon([(0, 0), (1, 0), (1, 0.5), (0.5, 0.5), (0.5, 1), (0, 1)])
domain = plate * Box(t=(0, 1))
n = plate.normal
heat = Problem(u(x, y, t), domain, name="heat-lshape")
heat.equation(
    "pde",
    sp.Eq(
        u(x, y, t).diff(t) - sp.Rational(1, 10) * (u(x, y, t).diff(x, 2) + u(x, y, t).diff(y, 2)), 0
    ),
)
heat.condition("initial", sp.Eq(u(x, y, 0), 0))
corner = sp.And(x > 0.5 - 1e-9, y > 0.5 - 1e-9)  # the two edges of the notch
heat.condition("edges", sp.Eq(u(x, y, t), 0), on=domain.boundary.where(sp.Not(corner)))
flux = n[0] * u(x, y, t).diff(x) + n[1] * u(x, y, t).diff(y)
heat.condition("notch", sp.Eq(flux, 0), on=domain.boundary.where(corner))
problem = heat.manufactured(solution)
