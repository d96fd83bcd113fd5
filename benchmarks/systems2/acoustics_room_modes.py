"""2-D linear acoustics in a closed room with rigid walls: two standing modes superposed.

Pressure p and velocity (u, v) in the unit square (density rho = 1, sound speed c = 1, so the
bulk modulus is K = rho c^2 = 1):

    p_t + K (u_x + v_y) = 0,        rho u_t + p_x = 0,        rho v_t + p_y = 0,

on x in [0, 1], y in [0, 1], t in [0, 1]. All four walls are rigid: the normal velocity
vanishes, u = 0 at x = 0 and x = 1, v = 0 at y = 0 and y = 1 (one condition per wall, as many
as characteristic speeds enter there: the speeds along the normal are -c, 0, c).

Data: p, u, v at t = 0 from the exact solution; u = 0 or v = 0 on the walls.

Exact: the room mode (m, n) of frequency w = c pi sqrt(m^2 + n^2) and phase phi,

    p = cos(m pi x) cos(n pi y) cos(w t + phi),
    u = m pi / (rho w) sin(m pi x) cos(n pi y) sin(w t + phi),
    v = n pi / (rho w) cos(m pi x) sin(n pi y) sin(w t + phi),

solves the system (rho u_t = -p_x, rho v_t = -p_y, and p_t = -w (...) = -K div(u, v) since
K pi^2 (m^2 + n^2) / (rho w) = w), and its normal velocity vanishes on every wall because
sin(m pi x) = 0 at x = 0, 1 and sin(n pi y) = 0 at y = 0, 1. The solution is the mode (1, 1)
(phase 0) plus half of the mode (2, 1) (phase 0.3).
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
p, u, v = sp.Function("p"), sp.Function("u"), sp.Function("v")
rho, c = 1, 1  # density and sound speed
K = rho * c**2  # bulk modulus


def mode(m, n, amplitude, phase):
    """The room mode (m, n): its pressure and two velocity components."""
    w = c * sp.pi * sp.sqrt(m**2 + n**2)
    cx, sx = sp.cos(m * sp.pi * x), sp.sin(m * sp.pi * x)
    cy, sy = sp.cos(n * sp.pi * y), sp.sin(n * sp.pi * y)
    return (
        amplitude * cx * cy * sp.cos(w * t + phase),
        amplitude * m * sp.pi / (rho * w) * sx * cy * sp.sin(w * t + phase),
        amplitude * n * sp.pi / (rho * w) * cx * sy * sp.sin(w * t + phase),
    )


first, second = mode(1, 1, 1, 0), mode(2, 1, sp.Rational(1, 2), 0.3)
exact_p, exact_u, exact_v = (a + b for a, b in zip(first, second))

domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
problem = Problem([p(x, y, t), u(x, y, t), v(x, y, t)], domain, name="acoustics-room-modes")
P, U, V = p(x, y, t), u(x, y, t), v(x, y, t)
problem.equation("mass", sp.Eq(P.diff(t) + K * (U.diff(x) + V.diff(y)), 0))
problem.equation("momentum-x", sp.Eq(rho * U.diff(t) + P.diff(x), 0))
problem.equation("momentum-y", sp.Eq(rho * V.diff(t) + P.diff(y), 0))
problem.condition("initial-p", sp.Eq(p(x, y, 0), exact_p.subs(t, 0)))
problem.condition("initial-u", sp.Eq(u(x, y, 0), exact_u.subs(t, 0)))
problem.condition("initial-v", sp.Eq(v(x, y, 0), exact_v.subs(t, 0)))
problem.condition("wall-x0", sp.Eq(u(0, y, t), 0))
problem.condition("wall-x1", sp.Eq(u(1, y, t), 0))
problem.condition("wall-y0", sp.Eq(v(x, 0, t), 0))
problem.condition("wall-y1", sp.Eq(v(x, 1, t), 0))
problem.exact({P: exact_p, U: exact_u, V: exact_v})
