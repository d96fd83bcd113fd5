"""c_tau = 0.1 c_zz - c + f for a concentration c(z, tau), z in [0, 1], tau in [0, 4].

Exact solution c = cos(pi z) exp(-tau) + sin(2 tau) / (1 + z^2), f manufactured from it;
Neumann data at both ends, c_z(0, tau) = 0 and c_z(1, tau) = -sin(2 tau) / 2, and c at tau = 0.
The time axis is named tau, so it is declared with time=.
"""

import sympy as sp

from pinnls import Box, Problem

z, tau = sp.symbols("z tau")
c = sp.Function("c")

exact = sp.cos(sp.pi * z) * sp.exp(-tau) + sp.sin(2 * tau) / (1 + z**2)
f = exact.diff(tau) - exact.diff(z, 2) / 10 + exact

domain = Box(z=(0, 1), tau=(0, 4))
problem = Problem(c(z, tau), domain, name="reaction-diffusion-neumann", time=tau)
rhs = c(z, tau).diff(z, 2) / 10 - c(z, tau) + f
problem.equation("pde", sp.Eq(c(z, tau).diff(tau), rhs))
problem.condition("initial", sp.Eq(c(z, 0), exact.subs(tau, 0)))
problem.condition("flux-left", sp.Eq(c(z, tau).diff(z).subs(z, 0), 0))
problem.condition("flux-right", sp.Eq(c(z, tau).diff(z).subs(z, 1), -sp.sin(2 * tau) / 2))
problem.exact(exact)
