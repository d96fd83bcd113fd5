"""Cooling of an insulated pipe wall: u_t = alpha Lap u in an annulus, Robin condition outside.

Domain: the annulus 0.3 < r < 1 around the origin (a disk with a round hole, `Disk - Disk`)
over t in [0, 1]; three axes x, y, t, one unknown u (temperature). Diffusivity alpha = 1/2.

Conditions:
- t = 0: the initial temperature;
- inner rim r = 0.3 (the pipe): the temperature is prescribed (Dirichlet);
- outer rim r = 1: convective cooling to the air, Newton's law written as a Robin condition
  k du/dn + h u = g with conductivity k = 1, heat-transfer coefficient h = 2 and the outward
  normal n = (x, y) / r (taken from the shape, `ring.normal`); g holds the ambient data.

The exact solution is

    u = 1 + (1/2) ln(x^2 + y^2) + exp(-2 alpha t) sin(x + 0.3) sin(y).

The first two terms are a steady radial profile (ln r is harmonic away from the origin, which
lies in the hole, so u is smooth on the annulus), and sin(x + 0.3) sin(y) is an eigenfunction
of the Laplacian with eigenvalue -2, so the last term decays at the rate 2 alpha: u_t = alpha
Lap u holds without a source. On r = 1, du/dn = x u_x + y u_y, and g = k du/dn + h u is
computed from the exact solution.

Well posed: the heat equation with an initial condition and, on each part of the boundary, one
condition of Dirichlet or Robin type with h / k > 0 (the Robin sign is dissipative: heat leaves
where u > 0) is the classical initial-boundary-value problem, with a unique solution.
"""

import sympy as sp

from pinnls import Box, Disk, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

alpha = sp.Rational(1, 2)  # diffusivity
k, h = 1, 2  # conductivity, heat-transfer coefficient
r_in, r_out = sp.Rational(3, 10), 1

exact = (
    1
    + sp.log(x**2 + y**2) / 2
    + sp.exp(-2 * alpha * t) * sp.sin(x + sp.Rational(3, 10)) * sp.sin(y)
)

ring = Disk(center=(0, 0), radius=r_out) - Disk(center=(0, 0), radius=r_in)
domain = ring * Box(t=(0, 1))
n = ring.normal
U = u(x, y, t)

problem = Problem(U, domain, name="heat-annulus-robin")
problem.equation("pde", sp.Eq(U.diff(t), alpha * (U.diff(x, 2) + U.diff(y, 2))))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))

radius2 = x**2 + y**2
middle = ((r_in + r_out) / 2) ** 2  # separates the two rims
problem.condition("pipe", sp.Eq(U, exact), on=domain.boundary.where(radius2 < middle))
ambient = k * (x * exact.diff(x) + y * exact.diff(y)) + h * exact  # on r = 1, n = (x, y)
problem.condition(
    "cooling",
    sp.Eq(k * (n[0] * U.diff(x) + n[1] * U.diff(y)) + h * U, ambient),
    on=domain.boundary.where(radius2 > middle),
)
problem.exact(exact)
