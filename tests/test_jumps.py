"""Equations whose coefficients jump inside the domain warn (docs/benchmarks.md, section 29).

``-(k u')' = 1`` with k jumping from 1 to 10 asks for a continuous flux ``k u'``; sympy
differentiates the jump to zero, so the expanded equation ``-k u'' = 1`` no longer ties the two
sides, and the smooth basis solves another problem (measured: rel L2 0.999, estimate 4.7e-2).
"""

from __future__ import annotations

import warnings

import sympy as sp

from pinnls import Box, Problem, compile_problem
from pinnls.cli import main
from pinnls.errors import PinnlsWarning

x, t = sp.symbols("x t")
u = sp.Function("u")
HALF = sp.Rational(1, 2)


def flux_form(k) -> Problem:
    problem = Problem(u(x), Box(x=(0, 1)), name="flux")
    problem.equation("pde", sp.Eq(-sp.diff(k * u(x).diff(x), x), 1))
    problem.condition("l", sp.Eq(u(0), 0))
    problem.condition("r", sp.Eq(u(1), 0))
    return problem


def messages(problem) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        compile_problem(problem)
    return [str(c.message) for c in caught if issubclass(c.category, PinnlsWarning)]


def test_a_coefficient_that_jumps_inside_the_domain_warns_once_per_term():
    # second order across a plane normal to an axis is a material interface (rows, no
    # warning: tests/test_interfaces.py); fourth order is warned of
    assert messages(flux_form(sp.Piecewise((1, x < HALF), (10, True)))) == []
    beam = Problem(u(x), Box(x=(0, 1)), name="beam")
    k = sp.Piecewise((1, x < HALF), (10, True))
    beam.equation("pde", sp.Eq(sp.diff(k * u(x).diff(x, 3), x), 1))
    beam.condition("l", sp.Eq(u(0), 0))
    found = messages(beam)
    assert len(found) == 1
    assert found[0].startswith("term 'pde': the coefficient of D[u(x); (x, 4)] jumps inside")
    assert "smooth the coefficient" in found[0]


def test_a_jump_across_a_slanted_plane_warns():
    # -div(k grad u) with k jumping across x + y = 1: no rows for a slanted plane, a warning
    y = sp.Symbol("y")
    k = sp.Piecewise((1, x + y < 1), (10, True))
    U = u(x, y)
    problem = Problem(U, Box(x=(0, 1), y=(0, 1)), name="slanted")
    problem.equation("pde", sp.Eq(-sp.diff(k * U.diff(x), x) - sp.diff(k * U.diff(y), y), 1))
    problem.condition("l", sp.Eq(u(0, y), 0))
    (message,) = messages(problem)
    assert "jumps inside the domain" in message
    assert compile_problem(problem).interfaces == ()
    # a slanted plane outside the box does not
    far = sp.Piecewise((1, x + y < 3), (10, True))
    problem = Problem(U, Box(x=(0, 1), y=(0, 1)), name="far")
    problem.equation("pde", sp.Eq(-sp.diff(far * U.diff(x), x) - sp.diff(far * U.diff(y), y), 1))
    problem.condition("l", sp.Eq(u(0, y), 0))
    assert messages(problem) == []


def test_continuous_or_outside_or_in_the_source_does_not_warn():
    # continuous at 1/2: its derivative, the coefficient of u', jumps, but loses no delta
    hat = sp.Piecewise((1 + x, x < HALF), (2 - x, True))
    assert messages(flux_form(hat)) == []
    outside = sp.Piecewise((1, x < 2), (10, True))  # the jump is outside [0, 1]
    assert messages(flux_form(outside)) == []
    source = Problem(u(x), Box(x=(0, 1)), name="source")
    source.equation("pde", sp.Eq(-u(x).diff(x, 2), sp.Piecewise((1, x < HALF), (0, True))))
    source.condition("l", sp.Eq(u(0), 0))
    assert messages(source) == []


def transport(speed, conservative) -> Problem:
    problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="switch")
    flux = sp.diff(speed * u(x, t), x) if conservative else speed * u(x, t).diff(x)
    problem.equation("pde", sp.Eq(u(x, t).diff(t) + flux, 0))
    problem.condition("initial", sp.Eq(u(x, 0), sp.sin(x)))
    problem.condition("inflow", sp.Eq(u(0, t), 0))
    return problem


def test_a_jump_counts_across_the_axis_of_the_derivative_it_multiplies():
    # (a(x) u)_x with a jump in x loses the delta; a(t) u_x, a jump in time, does not
    (message,) = messages(transport(sp.Piecewise((1, x < HALF), (2, True)), conservative=True))
    assert "the coefficient of D[u(x, t); x] jumps" in message
    assert messages(transport(sp.Piecewise((1, t < HALF), (2, True)), conservative=False)) == []
    assert messages(transport(sp.Piecewise((1, t < HALF), (2, True)), conservative=True)) == []


def test_check_prints_it_as_one_warning_line(tmp_path, capsys):
    path = tmp_path / "layers.py"
    path.write_text(
        "import sympy as sp\n"
        "from pinnls import Box, Problem\n"
        "x = sp.Symbol('x')\n"
        "u = sp.Function('u')\n"
        "k = sp.Piecewise((1, x < 0.5), (10, True))\n"
        "problem = Problem(u(x), Box(x=(0, 1)), name='beam')\n"
        "problem.equation('pde', sp.Eq(sp.diff(k * u(x).diff(x, 3), x), 1))\n"
        "problem.condition('l', sp.Eq(u(0), 0))\n"
        "problem.condition('r', sp.Eq(u(1), 0))\n"
    )
    assert main(["check", str(path)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("pinnls: warning: term 'pde': the coefficient")
