"""Helpers shared by the tests: the repository's folders, the documented report keys, and a
small problem to declare terms on (test_problem.py, test_linearity.py)."""

import warnings
from pathlib import Path

import sympy as sp

from pinnls import Box, Problem, Settings, compile_problem, solve
from pinnls.errors import PinnlsWarning

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
        "warnings",
        "time_axis",
        "time_inferred",
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


def solve_recording_warnings(problem: Problem, **values):
    """Solve with these settings; the solution and the PinnlsWarnings' messages."""
    settings = Settings.from_mapping(values)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        solution = solve(compile_problem(problem, settings), settings)
    messages = [str(w.message) for w in caught if issubclass(w.category, PinnlsWarning)]
    return solution, messages


def solve_fitting_the_source(problem: Problem, **values):
    """:func:`solve_recording_warnings` without the particular solution (``particular``
    False): for tests that follow the strategy's probes and growth on a sourced problem that
    ``u_p`` would solve outright (tests/test_particular.py)."""
    return solve_recording_warnings(problem, **{"particular": False, **values})
