"""Steady advection-diffusion in a cube swept by a helical flow, manufactured solution.

PDE (x, y, z in [0, 1]):

    b . grad u - nu (u_xx + u_yy + u_zz) = f,        b = (-(y - 1/2), x - 1/2, 1),  nu = 1/25,

a rigid swirl about the cube's vertical axis carried upward at unit speed (a helical flow;
div b = 0). With |b| between 1 and 1.22 and L = 1, the Peclet number |b| L / nu is 25 to 31.

Exact solution: a smooth off-axis bump,

    u = exp(-((x - 0.35)^2 + (y - 0.6)^2 + (z - 0.4)^2) / 0.1),

and f = b . grad u - nu lap u is computed from it (a Gaussian times a polynomial).

Boundary data and well-posedness: the operator is elliptic (nu > 0), so exactly one
condition is needed on every face. The four side walls and the inflow face z = 0 (b . n = -1
there) take the exact value of u (Dirichlet). On the outflow face z = 1 (b . n = +1) the
diffusive flux is prescribed instead, nu u_z(x, y, 1) = nu exact_z (a Neumann condition, the
usual "outflow" condition of a channel code); a Neumann condition on an outflow face
together with Dirichlet data elsewhere keeps the problem uniquely solvable (the value is
fixed by the other faces; no constant is left free).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, z = sp.symbols("x y z")
u = sp.Function("u")

nu = sp.Rational(1, 25)
half = sp.Rational(1, 2)
b = (-(y - half), x - half, sp.Integer(1))  # helical flow
exact = sp.exp(
    -((x - sp.Rational(7, 20)) ** 2 + (y - sp.Rational(3, 5)) ** 2 + (z - sp.Rational(2, 5)) ** 2)
    / sp.Rational(1, 10)
)


def operator(w):
    """b . grad w - nu lap w."""
    advection = b[0] * w.diff(x) + b[1] * w.diff(y) + b[2] * w.diff(z)
    return advection - nu * (w.diff(x, 2) + w.diff(y, 2) + w.diff(z, 2))


source = sp.simplify(operator(exact))

U = u(x, y, z)
domain = Box(x=(0, 1), y=(0, 1), z=(0, 1))
problem = Problem(U, domain, name="helical-advection-diffusion-3d")
problem.equation("pde", sp.Eq(operator(U), source))
for axis, value in [(x, 0), (x, 1), (y, 0), (y, 1)]:
    problem.condition(f"wall-{axis}{value}", sp.Eq(U.subs(axis, value), exact.subs(axis, value)))
problem.condition("inflow", sp.Eq(u(x, y, 0), exact.subs(z, 0)))
problem.condition("outflow", sp.Eq(nu * U.diff(z).subs(z, 1), nu * exact.diff(z).subs(z, 1)))
problem.exact(exact)
