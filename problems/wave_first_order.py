"""The wave equation of wave_second_order.py (c = 2) as a first-order system in u and w.

The string of wave_second_order.py: fixed at x = 0 and x = 1, u(x, 0) = sin(pi x),
u_t(x, 0) = sin(2 pi x). The second-order equation u_tt = c^2 u_xx factors into the pair

    u_t = c w_x,        w_t = c u_x,

since then u_tt = c w_xt = c (w_t)_x = c^2 u_xx. The unknowns are the displacement u itself
(so that the two forms are compared on the same function) and its conjugate w: the Riemann
invariants u + w and u - w travel left and right at speed c, and w is fixed by u up to a
constant. Its initial value follows from u_t(x, 0) = c w_x(x, 0): w(x, 0) = (1/c) times an
antiderivative of sin(2 pi x), that is -cos(2 pi x) / (2 pi c); the constant is taken to be 0.
Holding u at each end fixes the incoming invariant there from the outgoing one (a reflecting
end), so u(0, t) = u(1, t) = 0 is well posed for the system, and w needs no boundary data.

The exact u is that of the second-order form,

    u = sin(pi x) cos(pi c t) + sin(2 pi x) sin(2 pi c t) / (2 pi c),
    w = cos(pi x) sin(pi c t) - cos(2 pi x) cos(2 pi c t) / (2 pi c),

and w_x = u_t / c, w_t = c u_x hold term by term (differentiate each mode).
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u, w = sp.Function("u"), sp.Function("w")
c = 2  # wave speed

mode = 2 * sp.pi * c
exact_u = (
    sp.sin(sp.pi * x) * sp.cos(sp.pi * c * t) + sp.sin(2 * sp.pi * x) * sp.sin(mode * t) / mode
)
exact_w = (
    sp.cos(sp.pi * x) * sp.sin(sp.pi * c * t) - sp.cos(2 * sp.pi * x) * sp.cos(mode * t) / mode
)

domain = Box(x=(0, 1), t=(0, 1))
problem = Problem([u(x, t), w(x, t)], domain, name="wave-first-order")
problem.equation("displacement", sp.Eq(u(x, t).diff(t), c * w(x, t).diff(x)))
problem.equation("conjugate", sp.Eq(w(x, t).diff(t), c * u(x, t).diff(x)))
problem.condition("initial-u", sp.Eq(u(x, 0), sp.sin(sp.pi * x)))
problem.condition("initial-w", sp.Eq(w(x, 0), -sp.cos(2 * sp.pi * x) / mode))
problem.condition("left", sp.Eq(u(0, t), 0))
problem.condition("right", sp.Eq(u(1, t), 0))
problem.exact({u(x, t): exact_u, w(x, t): exact_w})
