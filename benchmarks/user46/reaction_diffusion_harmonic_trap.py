"""Diffusion with a removal rate that grows away from a centre: u_t = D Δu - q (x^2 + y^2) u.

A population (or a diffusing chemical) lives near an oasis at the origin; its loss rate
q r^2 grows with the distance r from it (the same equation is the imaginary-time Schrodinger
equation of a 2-D harmonic oscillator). D = 0.5, q = 2 (so the trap's length is 1).

Domain: x in [-2, 2], y in [-1.5, 1.5], over t in [0, 1.5].

Conditions: the initial density; the exact density on the four edges (Dirichlet; small there,
about 1e-2 and below, but not zero).

Exact solution: the ground state and the first mode along x, each decaying at its own
rate (beta = sqrt(q / (4 D)) = 1):

    u = exp(-4 D beta t) exp(-beta r^2) + 0.8 x exp(-8 D beta t) exp(-beta r^2)
      = (exp(-2 t) + 0.8 x exp(-4 t)) exp(-(x^2 + y^2)).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
R = sp.Rational
D = R(1, 2)
q = 2
beta = sp.sqrt(q / (4 * D))
r2 = x**2 + y**2
exact = (sp.exp(-4 * D * beta * t) + R(4, 5) * x * sp.exp(-8 * D * beta * t)) * sp.exp(-beta * r2)

domain = Box(x=(-2, 2), y=(-R(3, 2), R(3, 2)), t=(0, R(3, 2)))
problem = Problem(u(x, y, t), domain, name="reaction-diffusion-harmonic-trap")
U = u(x, y, t)
problem.equation("pde", sp.Eq(U.diff(t), D * (U.diff(x, 2) + U.diff(y, 2)) - q * r2 * U))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
for axis, value, name in [
    (x, -2, "left"),
    (x, 2, "right"),
    (y, -R(3, 2), "bottom"),
    (y, R(3, 2), "top"),
]:
    problem.condition(name, sp.Eq(U.subs(axis, value), exact.subs(axis, value)))
problem.exact(exact)
