"""A particular solution subtracted first (the ``particular`` setting, on by default).

For a constant-coefficient equation whose source is a sum of exponentials of linear forms times
polynomials (sines, cosines, sinh, cosh, exp, polynomials, their products), the method of
undetermined coefficients gives ``u_p`` exactly (:mod:`pinnls.particular`); the network then
fits the homogeneous rest ``w = u - u_p``. Measured in docs/benchmarks.md, section 41.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import sympy as sp

from pinnls import Box, Problem, Settings, compile_problem, solve
from pinnls.cli import main
from pinnls.cli.check import structure_lines
from pinnls.io.model import load_network
from pinnls.particular import solve_polynomials
from pinnls.symbolic.exponentials import exponential_sum
from pinnls.training.validation import fresh_residuals

x, y, t = sp.symbols("x y t")
u = sp.Function("u")


def _applied(lhs_of, expression, symbols, points):
    """``lhs_of`` applied to ``expression``, at points (n, d)."""
    function = sp.lambdify(symbols, lhs_of(expression), "numpy")
    return np.broadcast_to(function(*points.T), (len(points),))


def heat(exact, source_of=None, name="heat-source", kappa=0.1) -> Problem:
    """``u_t - kappa lap u = f`` on [0, 1]^2 x [0, 1], ``f`` from ``exact`` (or given: then
    ``exact`` gives only the data), the exact values at t = 0 and on the sides."""
    U = u(x, y, t)

    def lhs(v):
        return v.diff(t) - kappa * (v.diff(x, 2) + v.diff(y, 2))

    problem = Problem(U, Box(x=(0, 1), y=(0, 1), t=(0, 1)), name=name)
    problem.equation("pde", sp.Eq(lhs(U), lhs(exact) if source_of is None else source_of))
    problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
    for axis in (x, y):
        for end in (0, 1):
            problem.condition(f"side-{axis}{end}", sp.Eq(U.subs(axis, end), exact.subs(axis, end)))
    if source_of is None:
        problem.exact(exact)
    return problem


def test_a_source_is_read_as_exponentials_times_polynomials():
    exponents, powers, coefficients = exponential_sum(
        sp.sin(sp.pi * x) * sp.sinh(2 * y) * sp.cos(t), (x, y, t)
    )
    assert exponents.shape == (8, 3) and powers.tolist() == [[0, 0, 0]]
    np.testing.assert_allclose(np.abs(exponents), np.broadcast_to([np.pi, 2, 1], (8, 3)))
    np.testing.assert_allclose(np.abs(coefficients), 1 / 8)
    # a polynomial is one exponential (a = 0) with its monomials
    exponents, powers, coefficients = exponential_sum(x * y * (1 + t) / 2, (x, y, t))
    assert np.all(exponents == 0) and sorted(powers.tolist()) == [[1, 1, 0], [1, 1, 1]]
    np.testing.assert_allclose(coefficients, [[0.5, 0.5]])
    # x sin x: the monomial x beside each of the two exponentials
    exponents, powers, _ = exponential_sum(x * sp.sin(x), (x, y))
    assert exponents.shape == (2, 2) and powers.tolist() == [[1, 0]]
    assert exponential_sum(sp.Integer(5), (x,))[1].tolist() == [[0]]


@pytest.mark.parametrize(
    "expression",
    [
        sp.exp(-((x - t) ** 2)),  # a Gaussian: its argument is not linear
        1 / (1 + x),
        sp.sqrt(x + 1),
        sp.Piecewise((1, x < 0.5), (0, True)),
        sp.Symbol("k") * x,  # another symbol
        sp.Integer(0),
    ],
)
def test_what_is_no_such_sum_is_refused(expression):
    assert exponential_sum(expression, (x, t)) is None


@pytest.mark.parametrize(
    ("operator", "source", "lhs_of"),
    [
        # -u'' = 1: resonant at a = 0, q of degree 2
        ([((2,), -1.0)], 1, lambda v: -v.diff(x, 2)),
        # u'' + u = sin x: resonant at a = +-i, q of degree 1 (x cos x)
        ([((2,), 1.0), ((0,), 1.0)], sp.sin(x), lambda v: v.diff(x, 2) + v),
        # u'' - 4u = x^2 e^x + cos 3x: not resonant
        (
            [((2,), 1.0), ((0,), -4.0)],
            x**2 * sp.exp(x) + sp.cos(3 * x),
            lambda v: v.diff(x, 2) - 4 * v,
        ),
    ],
)
def test_the_polynomials_solve_the_equation_exactly(operator, source, lhs_of):
    particular = solve_polynomials(operator, *exponential_sum(sp.sympify(source), (x,)))
    points = np.linspace(-2, 2, 41)[:, None]
    parts = [_Part(alpha, c) for alpha, c in operator]
    f = np.broadcast_to(sp.lambdify(x, source, "numpy")(points[:, 0]), (41,))
    np.testing.assert_allclose(particular.applied(parts, points), f, atol=1e-12)
    assert np.abs(particular.imaginary(points)).max() < 1e-12


class _Part:
    """An operator part of constant coefficient at the points themselves."""

    def __init__(self, derivative, coefficient):
        self.derivative, self.value = derivative, coefficient

    def evaluation_points(self, points):
        return points

    def coefficient(self, points):
        return np.full(len(points), self.value)


def test_a_nearly_resonant_source_gets_no_particular_solution():
    # u'' + u = sin((1 + 1e-8) x): the symbol is 2e-8 of the operator's size
    source = sp.sin((1 + sp.Rational(1, 10**8)) * x)
    assert solve_polynomials([((2,), 1.0), ((0,), 1.0)], *exponential_sum(source, (x,))) is None


def test_the_compiled_problem_finds_u_p_and_every_term_loses_its_share():
    exact = sp.exp(-t) * sp.sin(sp.pi * x) * sp.cos(2 * y) + x * y * (1 + t) + sp.cosh(x - y)
    compiled = compile_problem(heat(exact))
    particular = compiled.particular_solution()
    assert particular is not None and particular.degree >= 2
    points = np.random.default_rng(1).uniform(0, 1, (200, 3))
    (equation,) = [term for term in compiled.terms if term.kind == "equation"]
    np.testing.assert_allclose(
        particular.applied(equation.parts, points), equation.source_function(points), atol=1e-10
    )
    shifted = compiled.with_particular()
    np.testing.assert_array_equal(shifted.particular.coefficients, particular.coefficients)
    assert shifted.with_particular() is shifted
    assert compiled.modes().source and not shifted.modes().source
    for before, after in zip(compiled.terms, shifted.terms):
        whole = after.source + after.particular_part(after.points)
        np.testing.assert_allclose(whole, before.source, atol=1e-12 * np.abs(before.source).max())
        moved = after.at(points[:7] if after.kind == "equation" else after.points[:7])
        np.testing.assert_allclose(
            moved.source + after.particular_part(moved.points),
            before.source_function(moved.points),
            atol=1e-12,
        )


def test_no_particular_solution_where_there_is_none_to_find():
    # a Gaussian source
    gauss = heat(sp.sin(x), source_of=sp.exp(-((x - 0.5) ** 2) / 0.01))
    assert compile_problem(gauss).particular_solution() is None
    # a variable coefficient: no constant symbol
    U = u(x, y)
    problem = Problem(U, Box(x=(0, 1), y=(0, 1)), name="variable")
    problem.equation("pde", sp.Eq(-(1 + x) * U.diff(x, 2) - U.diff(y, 2), sp.sin(x)))
    for axis in (x, y):
        for end in (0, 1):
            problem.condition(f"side-{axis}{end}", sp.Eq(U.subs(axis, end), 0))
    assert compile_problem(problem).particular_solution() is None
    # no source at all
    homogeneous = heat(sp.exp(-0.2 * sp.pi**2 * t) * sp.sin(sp.pi * x) * sp.sin(sp.pi * y))
    assert compile_problem(homogeneous).particular_solution() is None


def test_auto_solves_a_forced_heat_problem_to_rounding_and_the_files_hold_u_p(tmp_path):
    # a decaying mode (homogeneous, left to the network) plus a forced part (u_p)
    exact = sp.exp(-0.2 * sp.pi**2 * t) * sp.sin(sp.pi * x) * sp.sin(sp.pi * y) + (
        sp.sin(3 * x + y) * sp.cos(2 * t) + x * y * t
    )
    path = tmp_path / "forced.py"
    path.write_text(
        "import sympy as sp\n"
        "from pinnls import Box, Problem\n"
        "x, y, t = sp.symbols('x y t')\n"
        "u = sp.Function('u')\n"
        f"exact = sp.sympify('{exact}', locals={{'x': x, 'y': y, 't': t}})\n"
        "U = u(x, y, t)\n"
        "lhs = lambda v: v.diff(t) - 0.1 * (v.diff(x, 2) + v.diff(y, 2))\n"
        "problem = Problem(U, Box(x=(0, 1), y=(0, 1), t=(0, 1)), name='forced')\n"
        "problem.equation('pde', sp.Eq(lhs(U), lhs(exact)))\n"
        "problem.condition('initial', sp.Eq(u(x, y, 0), exact.subs(t, 0)))\n"
        "for s in (x, y):\n"
        "    for e in (0, 1):\n"
        "        problem.condition(f'side-{s}{e}', sp.Eq(U.subs(s, e), exact.subs(s, e)))\n"
        "problem.exact(exact)\n"
    )
    out = tmp_path / "out"
    code = main(["solve", str(path), "--threads", "1", "--format", "h5", "--quiet"]
                + ["--out", str(out), "--budget", "20"])  # fmt: skip
    assert code == 0
    report = json.loads((out / "report.json").read_text())
    assert report["rel_l2_error"] < 1e-10
    # the estimate is measured against the data's own size, not what u_p leaves of them
    assert report["validation"]["total"] < 1e-9
    assert report["particular"]["terms"] >= 3 and report["particular"]["degree"] == 3
    network = load_network(out)
    compiled = compile_problem(heat(exact))
    points = np.random.default_rng(2).uniform(0, 1, (50, 3))
    np.testing.assert_allclose(network(points), compiled.exact(points), atol=1e-9)


def test_particular_false_fits_the_source_as_it_is():
    exact = sp.sin(2 * x + y) * sp.exp(-t)
    problem = heat(exact)
    settings = Settings(optimizer="lsgd", iterations=0, width=256, activation="tanh")
    off = solve(problem, settings.replace(particular=False))
    on = solve(problem, settings)
    assert off.compiled.particular is None and on.compiled.particular is not None
    assert on.errors()["rel_l2"] < 1e-12 < off.errors()["rel_l2"]


def test_time_slabs_carry_w_and_not_u_p():
    # a fixed strategy marched in 3 slabs: each slab's carried data are the previous slab's
    # u less u_p; carried wrongly, the error would be of the size of u_p
    exact = sp.exp(-0.2 * sp.pi**2 * t) * sp.sin(sp.pi * x) * sp.sin(sp.pi * y) + sp.cos(
        x + 2 * y
    ) * sp.sin(3 * t)
    settings = Settings(
        optimizer="lsgd", iterations=0, width=512, activation="sin", modes=1, time_slabs=3
    )
    solution = solve(heat(exact), settings)
    assert len(solution.slabs) == 3
    assert solution.errors()["rel_l2"] < 1e-8
    assert solution.validation["total"] < 1e-7


def test_the_history_error_counts_u_p():
    exact = sp.sin(2 * x + y) * sp.exp(-t)
    settings = Settings(optimizer="lsgd", iterations=1, width=128, activation="tanh")
    solution = solve(heat(exact), settings)
    assert solution.history.error[-1] == pytest.approx(solution.errors()["rel_l2"], rel=0.5)


def test_check_says_when_a_particular_solution_is_subtracted():
    lines = structure_lines(compile_problem(heat(sp.sin(x + y) * sp.exp(-t))))
    # sin(x + y) e^-t: two complex exponentials, named as such
    assert any(line.startswith("particular the source is a sum of 2 exponentials exp(k·x) "
                               "times polynomials (sines, cosines, sinh and cosh written as "
                               "complex exponentials)") for line in lines)  # fmt: skip
    gauss = heat(sp.sin(x), source_of=sp.exp(-((x - 0.5) ** 2) / 0.01))
    assert not any(line.startswith("particular") for line in structure_lines(
        compile_problem(gauss)))  # fmt: skip


def test_a_resumed_run_ends_where_the_uninterrupted_one_does():
    # the checkpoint holds w's network; the resumed solve subtracts the same u_p again
    problem = heat(sp.sin(2 * x + y) * sp.exp(-t) + x * t)
    settings = Settings(optimizer="lsgd", width=24, activation="tanh", eval_points=9)
    whole = solve(problem, settings.replace(iterations=4))
    half = solve(problem, settings.replace(iterations=2))
    resumed = solve(problem, settings.replace(iterations=4), resume=half.checkpoint())
    assert resumed.compiled.particular is not None
    points = np.random.default_rng(3).uniform(0, 1, (20, 3))
    np.testing.assert_allclose(resumed(points), whole(points), rtol=0, atol=1e-10)


def test_the_estimate_is_relative_to_the_data_and_not_to_what_u_p_leaves():
    # u is u_p but for a decaying mode a millionth of its size: relative to what u_p leaves of
    # the data, every residual would read a million times larger
    mode = sp.exp(-0.2 * sp.pi**2 * t) * sp.sin(sp.pi * x) * sp.sin(sp.pi * y) / 10**6
    problem = heat(sp.sin(2 * x + y) * sp.exp(-t) + x * y * t + mode)
    settings = Settings(optimizer="lsgd", iterations=0, width=64, activation="tanh")
    solution = solve(problem, settings)
    assert solution.compiled.particular is not None
    whole = fresh_residuals(
        compile_problem(problem, settings), solution.basis, solution.coefficients, settings.seed
    )
    assert solution.validation["scale"] == pytest.approx(whole["scale"], rel=1e-12)
    # measured 1.8e-7; against what u_p leaves it would read about 0.2
    assert solution.validation["total"] < 1e-5
