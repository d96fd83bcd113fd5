"""Solute diffusing into a gel from a held face, axes named z and tau (time declared):
c_tau = D c_zz, D = 1e-9 m^2/s, over 1 cm and a day, c = erfc(z / (2 sqrt(D (tau + tau0))))."""

import sympy as sp

from pinnls import Box, Problem

z, tau = sp.symbols("z tau")
c = sp.Function("c")
D = sp.Rational(1, 10**9)
tau0 = 3600
exact = sp.erfc(z / (2 * sp.sqrt(D * (tau + tau0))))
problem = Problem(c(z, tau), Box(z=(0, sp.Rational(1, 100)), tau=(0, 86400)), time=tau, name="gel")
C = c(z, tau)
problem.equation("fick", sp.Eq(C.diff(tau), D * C.diff(z, 2)))
problem.condition("loaded", sp.Eq(c(z, 0), exact.subs(tau, 0)))
problem.condition("face", sp.Eq(c(0, tau), 1))
problem.condition("far", sp.Eq(c(sp.Rational(1, 100), tau), exact.subs(z, sp.Rational(1, 100))))
problem.exact(exact)
