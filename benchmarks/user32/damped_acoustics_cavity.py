"""Damped sound in a closed square room: 2-D linear acoustics with a friction term.

PDE, a first-order system in p (pressure) and v = (vx, vy) (velocity), x, y in [0, 1],
t in [0, 1]:

    p_t + K (vx_x + vy_y) = 0,
    vx_t + p_x / rho + gamma vx = 0,
    vy_t + p_y / rho + gamma vy = 0,

with bulk modulus K = 3/2, density rho = 3/2 (sound speed c = sqrt(K / rho) = 1) and a
relaxation (friction) rate gamma = 1 acting on the velocity: an order-0 term that damps the
sound.

Exact solution: the room's standing modes. For phi = cos(m pi x) cos(n pi y) (so that
grad phi . n = 0 on every wall) and kappa^2 = pi^2 (m^2 + n^2), the ansatz p = A(t) phi,
v = B(t) grad phi gives A' = K kappa^2 B from the mass equation and B' + gamma B + A / rho = 0
from the momentum equations, so A'' + gamma A' + c^2 kappa^2 A = 0: every mode rings at
omega = sqrt(c^2 kappa^2 - gamma^2 / 4) and decays as exp(-gamma t / 2). Two modes are
superposed,

    (m, n) = (1, 1):  A1 = exp(-t/2) cos(omega1 t),          omega1 = sqrt(2 pi^2 - 1/4) = 4.41,
    (m, n) = (2, 1):  A2 = exp(-t/2) sin(omega2 t) / 2,      omega2 = sqrt(5 pi^2 - 1/4) = 7.01,

    p = A1 phi11 + A2 phi21,    v = A1' / (K kappa11^2) grad phi11 + A2' / (K kappa21^2) grad phi21.

Well-posedness: the system is hyperbolic; across any wall its characteristic speeds are -c,
0 and +c, so exactly one characteristic enters through each wall and each wall takes one
condition. The room is closed by rigid walls, v . n = 0: vx = 0 on x = 0 and x = 1, vy = 0
on y = 0 and y = 1 (a reflecting wall fixes the incoming invariant from the outgoing one).
All three unknowns take their initial values at t = 0.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
p, vx, vy = sp.Function("p"), sp.Function("vx"), sp.Function("vy")

K = rho = sp.Rational(3, 2)  # bulk modulus and density: c = 1
gamma = sp.Integer(1)  # velocity relaxation rate
c2 = K / rho


def mode(m, n, amplitude):
    """The pressure and velocity of the damped standing mode (m, n) with time factor A(t)."""
    phi = sp.cos(m * sp.pi * x) * sp.cos(n * sp.pi * y)
    kappa2 = sp.pi**2 * (m**2 + n**2)
    B = amplitude.diff(t) / (K * kappa2)
    return amplitude * phi, B * phi.diff(x), B * phi.diff(y)


omega1 = sp.sqrt(c2 * 2 * sp.pi**2 - gamma**2 / 4)
omega2 = sp.sqrt(c2 * 5 * sp.pi**2 - gamma**2 / 4)
first = mode(1, 1, sp.exp(-gamma * t / 2) * sp.cos(omega1 * t))
second = mode(2, 1, sp.exp(-gamma * t / 2) * sp.sin(omega2 * t) / 2)
exact_p, exact_vx, exact_vy = (a + b for a, b in zip(first, second))

P, VX, VY = p(x, y, t), vx(x, y, t), vy(x, y, t)
domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem([P, VX, VY], domain, name="damped-acoustics-cavity")
problem.equation("mass", sp.Eq(P.diff(t) + K * (VX.diff(x) + VY.diff(y)), 0))
problem.equation("momentum-x", sp.Eq(VX.diff(t) + P.diff(x) / rho + gamma * VX, 0))
problem.equation("momentum-y", sp.Eq(VY.diff(t) + P.diff(y) / rho + gamma * VY, 0))
problem.condition("initial-p", sp.Eq(p(x, y, 0), exact_p.subs(t, 0)))
problem.condition("initial-vx", sp.Eq(vx(x, y, 0), exact_vx.subs(t, 0)))
problem.condition("initial-vy", sp.Eq(vy(x, y, 0), exact_vy.subs(t, 0)))
problem.condition("wall-x0", sp.Eq(vx(0, y, t), 0))
problem.condition("wall-x1", sp.Eq(vx(1, y, t), 0))
problem.condition("wall-y0", sp.Eq(vy(x, 0, t), 0))
problem.condition("wall-y1", sp.Eq(vy(x, 1, t), 0))
problem.exact({P: exact_p, VX: exact_vx, VY: exact_vy})
