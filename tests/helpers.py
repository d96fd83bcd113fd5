"""Helpers shared by the tests: the repository's folders, the documented report keys, and a
small problem to declare terms on (test_problem.py, test_linearity.py)."""

from pathlib import Path

import sympy as sp

from pinnls import Box, Problem

#: The repository's root, and its bundled problems.
ROOT = Path(__file__).resolve().parents[1]
PROBLEMS = ROOT / "problems"

#: The keys that docs/output-format.md documents for every report.json.
REPORT_KEYS = frozenset(
    {
        "problem",
        "settings",
        "iterations",
        "wall_seconds",
        "seconds_per_iteration",
        "loss",
        "terms",
        "rel_l2_error",
        "max_error",
        "rank",
        "condition",
        "complete",
        "stop_reason",
        "pinnls_version",
        "rows",
        "validation",
        "strategy",
    }
)

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
