"""A tracer in a channel with a sheared current and eddy diffusivity (manufactured):

    u_t + vx u_x + vy u_y - div(D grad u) = f,

with a Poiseuille-like current and a weak secondary circulation (m/s),

    vx = 0.6 * 4 y (1 - y),        vy = 0.05 sin(pi x / 5) sin(pi y),

and a diffusivity that peaks mid-channel and grows downstream (m^2/s),

    D = 0.01 + 0.08 y (1 - y) + 0.002 x.

Domain: x in [0, 5] m, y in [0, 1] m, t in [0, 2] s.

Conditions: u at t = 0; Dirichlet at the inlet x = 0; no flux through the walls,
u_y = 0 at y = 0 and y = 1; a prescribed gradient u_x at the outlet x = 5 (all the exact
solution's data).

Exact solution (manufactured; its y-derivative vanishes on both walls):

    u = 1 + exp(-t / 2) cos(pi x / 10) (1 + 0.4 cos(pi y)) + 0.02 t x.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
R = sp.Rational
vx = R(3, 5) * 4 * y * (1 - y)
vy = R(1, 20) * sp.sin(sp.pi * x / 5) * sp.sin(sp.pi * y)
D = R(1, 100) + R(8, 100) * y * (1 - y) + R(2, 1000) * x

exact = (
    1
    + sp.exp(-t / 2) * sp.cos(sp.pi * x / 10) * (1 + R(2, 5) * sp.cos(sp.pi * y))
    + R(1, 50) * t * x
)


def operator(w):
    drift = vx * w.diff(x) + vy * w.diff(y)
    diffusion = sp.diff(D * w.diff(x), x) + sp.diff(D * w.diff(y), y)
    return w.diff(t) + drift - diffusion


source = sp.simplify(operator(exact))

domain = Box(x=(0, 5), y=(0, 1), t=(0, 2))
problem = Problem(u(x, y, t), domain, name="advdiff-channel-shear-eddy")
w = u(x, y, t)
problem.equation("pde", sp.Eq(operator(w), source))
problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
problem.condition("inlet", sp.Eq(u(0, y, t), exact.subs(x, 0)))
problem.condition("wall-bottom", sp.Eq(w.diff(y).subs(y, 0), 0))
problem.condition("wall-top", sp.Eq(w.diff(y).subs(y, 1), 0))
problem.condition("outlet", sp.Eq(w.diff(x).subs(x, 5), exact.diff(x).subs(x, 5)))
problem.exact(exact)
