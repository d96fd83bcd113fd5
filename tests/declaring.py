"""Helpers shared by the tests that declare problems (test_problem.py, test_linearity.py)."""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
DOMAIN = Box(x=(0, 1), t=(0, 1))


def new_problem(**kwargs):
    """A problem for u(x, t) on the unit square."""
    return Problem(u(x, t), DOMAIN, **kwargs)


def only_term(problem):
    (term,) = problem.terms
    return term


def apps(term):
    """``{(derivative, fixed): coefficient}`` of a declared term."""
    return {
        (a.derivative, a.fixed): c
        for a, c in zip(term.form.applications, term.form.coefficients, strict=True)
    }
