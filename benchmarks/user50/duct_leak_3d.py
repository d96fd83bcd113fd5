"""Steady contaminant in a ventilated duct section (3-D): uniform off-gassing from the walls'
material, first-order removal, and a leak just upstream of the section.

    v c_x - D (c_xx + c_yy + c_zz) + k c = S0      in [0, 1] x [0, 0.5] x [0, 0.5] m,

c in mg/m^3. Air velocity v = 0.05 m/s along x, turbulent diffusivity D = 0.01 m^2/s
(Peclet v L / D = 5), removal (deposition/filtration) k = 0.01 1/s, uniform emission
S0 = 2e-3 mg/m^3/s. The leak is a point source Q = 5e-3 mg/s at (-0.1, 0.25, 0.25) m,
0.1 m upstream of the inlet face, i.e. outside the computational box.

Exact solution (closed form, by hand): the particular solution S0/k plus the free-space
Green's function of the steady advection-diffusion-reaction operator for the leak,
    c = S0/k + Q / (4 pi D r) exp(v (x - xs) / (2 D) - r sqrt(v^2 / (4 D^2) + k / D)),
r the distance to the leak (smooth in the box since r >= 0.1 m there).
Conditions: the exact concentration at the inlet face x = 0 and on the four walls (Dirichlet,
the sampled values), and the exact streamwise gradient at the outlet x = 1 (Neumann).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
c = sp.Function("c")

v = sp.Rational(1, 20)  # m/s
D = sp.Rational(1, 100)  # m^2/s
k = sp.Rational(1, 100)  # 1/s
S0 = sp.Rational(2, 1000)  # mg/m^3/s
Q = sp.Rational(5, 1000)  # mg/s
xs, ys, zs = -sp.Rational(1, 10), sp.Rational(1, 4), sp.Rational(1, 4)

r = sp.sqrt((x - xs) ** 2 + (y - ys) ** 2 + (z - zs) ** 2)
beta = sp.sqrt(v**2 / (4 * D**2) + k / D)
exact = S0 / k + Q / (4 * sp.pi * D * r) * sp.exp(v * (x - xs) / (2 * D) - beta * r)

C = c(x, y, z)
H = sp.Rational(1, 2)
domain = Box(x=(0, 1), y=(0, H), z=(0, H))
problem = Problem(C, domain, name="duct-leak-3d")
problem.equation(
    "pde", sp.Eq(v * C.diff(x) - D * (C.diff(x, 2) + C.diff(y, 2) + C.diff(z, 2)) + k * C, S0)
)
problem.condition("inlet", sp.Eq(c(0, y, z), exact.subs(x, 0)))
problem.condition("outlet", sp.Eq(C.diff(x).subs(x, 1), exact.diff(x).subs(x, 1)))
for axis, value in [(y, 0), (y, H), (z, 0), (z, H)]:
    name = f"wall-{axis}{'0' if value == 0 else '-half'}"
    problem.condition(name, sp.Eq(C.subs(axis, value), exact.subs(axis, value)))
problem.exact(exact)
