"""Problems that fix an unknown only up to a constant (flux conditions only).

Poisson with Neumann conditions on every face determines u up to an additive constant: the
least squares returns the solution of least norm, whose constant is arbitrary, so the error
against the user's exact solution (one representative) is meaningless without the shift.
Found by a problem written as a new user would (docs/benchmarks.md, section 29): rel L2 6.17
with the estimate at 4.8e-11 and the stop "converged".
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest
import sympy as sp

import pinnls
from pinnls import Box, Problem, compile_problem
from pinnls.cli import main
from pinnls.errors import PinnlsWarning

x, y, t = sp.symbols("x y t")
u, w = sp.Function("u"), sp.Function("w")
PI = sp.pi


def neumann(offset=3) -> Problem:
    """``-u'' = pi^2 cos(pi x)`` on [0, 1], ``u'(0) = u'(1) = 0``; exact ``cos(pi x) + offset``."""
    problem = Problem(u(x), Box(x=(0, 1)), name="neumann")
    problem.equation("pde", sp.Eq(-u(x).diff(x, 2), PI**2 * sp.cos(PI * x)))
    problem.condition("left", sp.Eq(u(x).diff(x).subs(x, 0), 0))
    problem.condition("right", sp.Eq(u(x).diff(x).subs(x, 1), 0))
    problem.exact(sp.cos(PI * x) + offset)
    return problem


def test_flux_conditions_only_leave_the_constant_free():
    assert compile_problem(neumann()).free_constants() == (0,)
    # a value condition, or a reaction term, fixes it
    dirichlet = neumann()
    dirichlet.condition("value", sp.Eq(u(0), 4))
    assert compile_problem(dirichlet).free_constants() == ()
    screened = Problem(u(x), Box(x=(0, 1)), name="screened")
    screened.equation("pde", sp.Eq(-u(x).diff(x, 2) + u(x), 1))
    screened.condition("left", sp.Eq(u(x).diff(x).subs(x, 0), 0))
    assert compile_problem(screened).free_constants() == ()


def test_periodic_conditions_cancel_and_an_initial_condition_fixes_the_constant():
    periodic = Problem(u(x), Box(x=(0, 1)), name="periodic")
    periodic.equation("pde", sp.Eq(-u(x).diff(x, 2), 4 * PI**2 * sp.sin(2 * PI * x)))
    periodic.condition("value", sp.Eq(u(0) - u(1), 0))
    periodic.condition("slope", sp.Eq(u(x).diff(x).subs(x, 0) - u(x).diff(x).subs(x, 1), 0))
    assert compile_problem(periodic).free_constants() == (0,)
    moving = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="moving")
    moving.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))
    moving.condition("initial", sp.Eq(u(x, 0), sp.sin(2 * PI * x)))
    moving.condition("periodic", sp.Eq(u(0, t) - u(1, t), 0))
    assert compile_problem(moving).free_constants() == ()


def test_in_a_system_only_the_unknown_left_free_is_named():
    # w = u' and w' = f: w is fixed by its values at both ends, u only up to a constant
    problem = Problem([u(x), w(x)], Box(x=(0, 1)), name="mixed-form")
    problem.equation("gradient", sp.Eq(w(x) - u(x).diff(x), 0))
    problem.equation("balance", sp.Eq(w(x).diff(x), -(PI**2) * sp.cos(PI * x)))
    problem.condition("left", sp.Eq(w(0), 0))
    problem.condition("right", sp.Eq(w(1), 0))
    assert compile_problem(problem).free_constants() == (0,)


def test_the_errors_are_measured_up_to_the_constant_and_a_warning_says_so():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        solution = pinnls.solve(neumann(), width=64, init_scale=2.0, activation="tanh")
    messages = [str(c.message) for c in caught if issubclass(c.category, PinnlsWarning)]
    assert any("determines u only up to a constant" in m for m in messages)
    # the solution keeps what was warned of, for report.json
    assert [m for m in solution.warnings if "up to a constant" in m] == [
        m for m in messages if "up to a constant" in m
    ]
    fields = solution.grid()
    difference = solution(fields["points"]) - (np.cos(np.pi * fields["points"][:, 0]) + 3)
    # the least-norm solution sits a constant away from the given exact solution...
    assert np.ptp(difference) < 1e-6 and abs(difference.mean()) > 0.1
    # ...which the comparison removes: the exact field is shifted by that constant
    assert fields["constants"]["u"] == pytest.approx(difference.mean(), abs=1e-12)
    assert solution.errors()["rel_l2"] < 1e-7


def test_the_cli_reports_the_constant_and_check_names_the_unknown(tmp_path, capsys):
    path = tmp_path / "neumann.py"
    path.write_text(
        "import sympy as sp\n"
        "from pinnls import Box, Problem\n"
        "x = sp.Symbol('x')\n"
        "u = sp.Function('u')\n"
        "problem = Problem(u(x), Box(x=(0, 1)), name='neumann')\n"
        "problem.equation('pde', sp.Eq(-u(x).diff(x, 2), sp.pi**2 * sp.cos(sp.pi * x)))\n"
        "problem.condition('left', sp.Eq(u(x).diff(x).subs(x, 0), 0))\n"
        "problem.condition('right', sp.Eq(u(x).diff(x).subs(x, 1), 0))\n"
        "problem.exact(sp.cos(sp.pi * x) + 3)\n"
    )
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "constant  u determined only up to a constant" in out
    fast = ["--width", "64", "--init-scale", "2", "--activation", "tanh", "--format", "h5"]
    assert main(["solve", str(path), "--out", str(tmp_path / "out"), "--quiet", *fast]) == 0
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert set(report["constants"]) == {"u"} and report["rel_l2_error"] < 1e-7
    # a reader of the report alone learns what stderr said once
    assert any("determines u only up to a constant" in m for m in report["warnings"])


def test_a_reference_file_is_compared_up_to_the_constant_too(tmp_path):
    points = np.linspace(0, 1, 41)[:, None]
    np.savez(tmp_path / "reference.npz", points=points, values=np.cos(np.pi * points[:, 0]) + 5)
    problem = Problem(u(x), Box(x=(0, 1)), name="neumann")
    problem.equation("pde", sp.Eq(-u(x).diff(x, 2), PI**2 * sp.cos(PI * x)))
    problem.condition("left", sp.Eq(u(x).diff(x).subs(x, 0), 0))
    problem.condition("right", sp.Eq(u(x).diff(x).subs(x, 1), 0))
    problem.reference(tmp_path / "reference.npz")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        solution = pinnls.solve(problem, width=64, init_scale=2.0, activation="tanh")
    # kept whatever the filters show
    assert any("determines u only up to a constant" in m for m in solution.warnings)
    assert solution.compiled.exact is None
    # the least-norm solution is a constant away from cos(pi x) + 5; the comparison removes it
    assert solution.reference_errors()["rel_l2"] < 1e-7
