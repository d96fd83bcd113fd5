"""A decaying travelling sine wave: u_t + a u_x = nu u_xx, periodic on x in [0, 2], t in [0, 10].

a = 0.5, nu = 0.01, k = pi: the wave goes 2.5 times around the period while it decays by
exp(-nu k^2 10) ~ 0.37. Exact solution exp(-nu k^2 t) sin(k (x - a t)).
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
a, nu = sp.symbols("a nu")
k = sp.pi
exact = sp.exp(-nu * k**2 * t) * sp.sin(k * (x - a * t))

domain = Box(x=(0, 2), t=(0, 10))
problem = Problem(
    u(x, t), domain, name="advection-diffusion-decaying", parameters={"a": 0.5, "nu": 0.01}
)
ux = u(x, t).diff(x)
problem.equation("pde", sp.Eq(u(x, t).diff(t) + a * ux, nu * u(x, t).diff(x, 2)))
problem.condition("initial", sp.Eq(u(x, 0), sp.sin(k * x)))
problem.condition("periodic", sp.Eq(u(0, t) - u(2, t), 0))
problem.condition("periodic-slope", sp.Eq(ux.subs(x, 0) - ux.subs(x, 2), 0))
problem.exact(exact)
