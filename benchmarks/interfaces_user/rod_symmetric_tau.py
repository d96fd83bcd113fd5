"""Transient heat in a rod on x in [-1, 1] made of two materials joined at x = 0; time is tau.

u_tau = (k u_x)_x + f, with k = 1 for x <= 0 and k = 4 for x > 0, Dirichlet ends, a source f
manufactured from the exact solution.

Exact solution u = exp(-tau) phi(x), with
    phi = cos(pi x / 2) + x        for x <= 0
    phi = cos(pi x / 2) + x / 4    for x > 0,
continuous at 0 (phi = 1) with continuous flux k phi' = 1 there; phi' jumps from 1 to 1/4.

Written in session 16 as a new user would, from the docs only; not tuned.
"""

import sympy as sp

from pinnls import Box, Problem

x, tau = sp.symbols("x tau")
u = sp.Function("u")

k1, k2 = 1, 4
k = sp.Piecewise((k1, x <= 0), (k2, x > 0))

u_left = sp.exp(-tau) * (sp.cos(sp.pi * x / 2) + x)
u_right = sp.exp(-tau) * (sp.cos(sp.pi * x / 2) + x / 4)
exact = sp.Piecewise((u_left, x <= 0), (u_right, x > 0))


def residual(v, kk):
    """v_tau - (kk v_x)_x for a smooth piece v with a constant kk."""
    return sp.simplify(v.diff(tau) - sp.diff(kk * v.diff(x), x))


source = sp.Piecewise((residual(u_left, k1), x <= 0), (residual(u_right, k2), x > 0))

domain = Box(x=(-1, 1), tau=(0, 1))
problem = Problem(u(x, tau), domain, name="rod-symmetric-tau", time=tau)
problem.equation("heat", sp.Eq(u(x, tau).diff(tau), sp.diff(k * u(x, tau).diff(x), x) + source))
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(tau, 0)))
problem.condition("left", sp.Eq(u(-1, tau), u_left.subs(x, -1)))
problem.condition("right", sp.Eq(u(1, tau), u_right.subs(x, 1)))
problem.exact(exact)
