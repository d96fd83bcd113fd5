"""u_t = Δu / 2 + f on [-1, 1] x [0, 1] x [0, 1]: a plate whose bottom edge is held hot on its
left half and cold on its right half, the hot side warming in time.

Domain: the box x in [-1, 1], y in [0, 1], t in [0, 1], every condition on a whole face.

Conditions (all Dirichlet, plus the initial state):
    bottom y = 0: u = Piecewise((1 + t, x < 0), (0, True))   -- jumps at x = 0
    left   x = -1, right x = 1, top y = 1: u = exact
    initial t = 0: u = atan2(y, x) / π

The bottom data jump in the middle of the edge, at (0, 0), at every time: by 1 + t.

Exact solution:
    u = (1 + t) θ / π,   θ = atan2(y, x) in [0, π],   f = u_t - Δu / 2 = θ / π.
θ is harmonic and steps from π (x < 0) to 0 (x > 0) along y = 0; the source is computed from
the exact solution (bounded, itself discontinuous only at the point (0, 0)).

Why it is well posed: the heat equation with a bounded source, bounded Dirichlet data on the
whole lateral boundary and a bounded initial state that agrees with them (a parabolic
maximum principle gives uniqueness among bounded solutions).

What makes it hard: for every t the solution is discontinuous at (0, 0), where the held data
jump; its gradient grows like 1/r, and the strength of the jump grows in time. A smooth basis
in space and time cannot represent the jump; the angle θ times functions of t does.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")

theta = sp.atan2(y, x)
exact = (1 + t) * theta / sp.pi

domain = Box(x=(-1, 1), y=(0, 1), t=(0, 1))
problem = Problem(u(x, y, t), domain, name="heat-edge-jump")
laplacian = u(x, y, t).diff(x, 2) + u(x, y, t).diff(y, 2)
problem.equation("pde", sp.Eq(u(x, y, t).diff(t), laplacian / 2 + theta / sp.pi))
problem.condition("initial", sp.Eq(u(x, y, 0), theta / sp.pi))
problem.condition("bottom", sp.Eq(u(x, 0, t), sp.Piecewise((1 + t, x < 0), (0, True))))
problem.condition("left", sp.Eq(u(-1, y, t), exact.subs(x, -1)))
problem.condition("right", sp.Eq(u(1, y, t), exact.subs(x, 1)))
problem.condition("top", sp.Eq(u(x, 1, t), exact.subs(y, 1)))
problem.exact(exact)
