"""Advection-diffusion: u_t + u_x = 0.05 u_xx on x in [0, 2], t in [0, 1], Dirichlet data.

Problem name: advection-diffusion. A decaying travelling wave: with k = pi,
Exact solution: u = 0.3 + 1.5 exp(-0.05 k^2 t) sin(k (x - t)).
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")

nu = sp.Rational(1, 20)
k = sp.pi
exact = sp.Rational(3, 10) + sp.Rational(3, 2) * sp.exp(-nu * k**2 * t) * sp.sin(k * (x - t))

domain = Box(x=(0, 2), t=(0, 1))
problem = Problem(u(x, t), domain, name="advection-diffusion")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), nu * u(x, t).diff(x, 2)))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("left", sp.Eq(u(0, t), exact.subs(x, 0)))
problem.condition("right", sp.Eq(u(2, t), exact.subs(x, 2)))
problem.exact(exact)
