"""The validation estimate (pinnls.training.validation) computed directly, against numpy.

test_auto_strategy.py checks the estimate through the automatic strategy on a 2-axis problem;
here :func:`fresh_residuals` and :func:`validation_size` are called on their own, on a 1-D
problem solved by least squares alone (tanh width 24, no training: under a second), so every
number of the returned dict is recomputed from its definition: each term's residual
``L_k[NN] - f_k`` from the network's derivatives and the term's source function on the same
fresh points, then the RMS values and the weighted totals with numpy. The interior term has
more fresh points (8192) than one chunk of rows (4096), so the chunks' sums are checked too.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
import sympy as sp
import torch

from pinnls import Box, Problem, Settings, compile_problem, solve
from pinnls.clouds import Random, sample
from pinnls.training import validation
from pinnls.training.validation import (
    DIFFERENCE_POINTS,
    VALIDATION_POINTS,
    fresh_residuals,
    stage_difference,
    validation_size,
)

x = sp.symbols("x")
u = sp.Function("u")
EXACT = sp.sin(3 * x) + x
#: Term weights other than 1, so that a total without them would differ.
WEIGHTS = {"pde": 1.0, "left": 4.0, "slope": 0.5}


def _problem(pde_points: str = "random:10000", amplitude: float = 1) -> Problem:
    """``u'' = -9 sin(3x)`` on [0, 1] with ``u(0) = 0`` (a one-point term) and
    ``u'(1) = 3 cos 3 + 1``; exact ``sin(3x) + x``; everything times ``amplitude``."""
    exact = amplitude * EXACT
    problem = Problem(u(x), Box(x=(0, 1)), name="validation-1d")
    problem.equation(
        "pde", sp.Eq(u(x).diff(x, 2), exact.diff(x, 2)), points=pde_points, weight=WEIGHTS["pde"]
    )
    problem.condition("left", sp.Eq(u(0), 0), weight=WEIGHTS["left"])
    slope = exact.diff(x).subs(x, 1)
    problem.condition("slope", sp.Eq(u(x).diff(x).subs(x, 1), slope), weight=WEIGHTS["slope"])
    problem.exact(exact)
    return problem


def _solve(problem: Problem, dtype: str = "float64"):
    settings = Settings.from_mapping(
        {
            "optimizer": "lsgd",
            "activation": "tanh",
            "width": 24,
            "init_scale": 2.0,
            "iterations": 0,
            "dtype": dtype,
            # the network is the whole solution: no particular solution subtracted first
            "particular": False,
        }
    )
    return solve(compile_problem(problem, settings), settings)


@pytest.fixture(scope="module")
def solved():
    return _solve(_problem())


def _independent(solution, coefficients: torch.Tensor, seed: int) -> dict:
    """Each term's mean squared residual and source on the fresh points, with numpy."""
    fresh = solution.compiled.fresh(validation_size, seed=seed)
    network = dataclasses.replace(solution, coefficients=coefficients)
    out = {}
    for term in fresh.terms:
        points = term.points
        lhs = sum(
            part.coefficient(points)
            * network.derivative(part.evaluation_points(points), part.derivative)
            for part in term.parts
        )
        source = term.source_function(points)
        out[term.name] = {
            "residual": float(np.mean((lhs - source) ** 2)),
            "source": float(np.mean(source**2)),
            "points": len(points),
            "weight": term.weight,
        }
    return out


def _check(estimate: dict, terms: dict) -> None:
    assert set(estimate["terms"]) == set(terms)
    largest = max(math.sqrt(term["source"]) for term in terms.values())
    for name, term in terms.items():
        got = estimate["terms"][name]
        assert got["points"] == term["points"], name
        assert got["rms"] == pytest.approx(math.sqrt(term["residual"]), rel=1e-6), name
        assert got["rhs_rms"] == pytest.approx(math.sqrt(term["source"]), rel=1e-12), name
        if math.sqrt(term["source"]) > validation.ZERO_DATA * largest:
            relative = math.sqrt(term["residual"] / term["source"])
            assert got["relative"] == pytest.approx(relative, rel=1e-6), name
        else:
            assert got["relative"] is None, name
    loss = sum(term["weight"] * term["residual"] for term in terms.values())
    data = sum(term["weight"] * term["source"] for term in terms.values())
    assert estimate["loss"] == pytest.approx(loss, rel=1e-6)
    assert estimate["scale"] == pytest.approx(math.sqrt(data), rel=1e-12)
    assert estimate["total_absolute"] == pytest.approx(math.sqrt(loss), rel=1e-6)
    expected = math.sqrt(loss / data) if data > 0 else math.sqrt(loss)
    assert estimate["total"] == pytest.approx(expected, rel=1e-6)


def test_the_sizes_follow_the_training_clouds_within_bounds_and_a_corner_gets_one_point():
    low, high = VALIDATION_POINTS
    for points, expected in (
        (100, low),
        (low, low),
        (1000, 1000),
        (high, high),
        (10000, high),
    ):
        compiled = compile_problem(_problem(f"random:{points}"))
        sizes = {term.name: validation_size(term) for term in compiled.terms}
        # u(0) and u'(1) fix the only axis: one point each, where a cloud would repeat it
        assert sizes == {"pde": expected, "left": 1, "slope": 1}, points


def test_every_number_of_the_estimate_is_its_definition_on_the_fresh_points(solved):
    seed = solved.settings.seed
    estimate = fresh_residuals(solved.compiled, solved.basis, solved.coefficients, seed)
    terms = _independent(solved, solved.coefficients, seed)
    assert terms["pde"]["points"] == 8192 > validation._CHUNK  # two chunks of rows
    assert terms["left"]["points"] == terms["slope"]["points"] == 1
    _check(estimate, terms)
    # The fit is close (measured: estimate 7.2e-5, rel L2 error 2.5e-7), and a random
    # network is not (next test): the estimate tells them apart.
    assert estimate["total"] < 1.1e-4


def test_a_wrong_network_is_measured_as_wrong(solved):
    """Coefficients that are not the fit's: residuals of order one, still by definition."""
    seed = solved.settings.seed
    generator = torch.Generator().manual_seed(5)
    coefficients = torch.randn(solved.coefficients.shape, generator=generator, dtype=torch.float64)
    estimate = fresh_residuals(solved.compiled, solved.basis, coefficients, seed)
    _check(estimate, _independent(solved, coefficients, seed))
    assert estimate["total"] > 1e-2


def test_the_fresh_points_depend_on_the_seed_and_only_on_it(solved):
    c = solved.coefficients
    first = fresh_residuals(solved.compiled, solved.basis, c, 7)
    assert fresh_residuals(solved.compiled, solved.basis, c, 7) == first
    other = fresh_residuals(solved.compiled, solved.basis, c, 8)
    assert other["terms"]["pde"]["rms"] != first["terms"]["pde"]["rms"]
    _check(other, _independent(solved, c, 8))


def test_with_every_right_hand_side_zero_the_total_is_the_absolute_residual(solved):
    """A homogeneous problem (``u'' = 0``, ``u(0) = 0``, ``u'(1) = 0``): no data to be relative
    to, so ``total`` is ``total_absolute`` and no term has a relative residual."""
    problem = Problem(u(x), Box(x=(0, 1)), name="homogeneous")
    problem.equation("pde", sp.Eq(u(x).diff(x, 2), 0), points="random:10000")
    problem.condition("left", sp.Eq(u(0), 0), weight=4)
    problem.condition("slope", sp.Eq(u(x).diff(x).subs(x, 1), 0), weight=0.5)
    compiled = compile_problem(problem, solved.settings)
    homogeneous = dataclasses.replace(solved, compiled=compiled)
    seed = solved.settings.seed
    estimate = fresh_residuals(compiled, solved.basis, solved.coefficients, seed)
    assert estimate["scale"] == 0
    assert all(term["relative"] is None for term in estimate["terms"].values())
    assert estimate["total"] == estimate["total_absolute"] > 0
    _check(estimate, _independent(homogeneous, solved.coefficients, seed))


def test_a_network_that_is_not_finite_has_an_infinite_estimate(solved):
    nan = torch.full_like(solved.coefficients, math.nan)
    estimate = fresh_residuals(solved.compiled, solved.basis, nan, solved.settings.seed)
    assert estimate["total"] == math.inf


def test_a_term_without_its_source_function_gives_no_estimate(solved):
    compiled = solved.compiled
    terms = list(compiled.terms)
    terms[-1] = dataclasses.replace(terms[-1], source_function=None)
    stripped = dataclasses.replace(compiled, terms=tuple(terms))
    seed = solved.settings.seed
    assert fresh_residuals(stripped, solved.basis, solved.coefficients, seed) is None


def test_data_smaller_than_one_are_still_taken_relatively():
    """The same problem times 0.01: every right-hand side's RMS is below 1 (and the data's
    weighted size too), and the estimate is still relative to them, unchanged by the scale."""
    small = _solve(_problem(amplitude=0.01))
    seed = small.settings.seed
    estimate = fresh_residuals(small.compiled, small.basis, small.coefficients, seed)
    terms = _independent(small, small.coefficients, seed)
    assert 0 < max(term["source"] for term in terms.values()) < 1
    assert 0 < estimate["scale"] < 1
    assert estimate["terms"]["pde"]["relative"] is not None
    _check(estimate, terms)


def test_a_float32_network_is_measured_in_float32():
    """The fresh rows are built in the coefficients' dtype (float32 here): the estimate is
    the definition's to float32's rounding, which matters only for the tiny residuals of the
    conditions (3e-5 against data of 2), not for the interior's that dominate the total."""
    single = _solve(_problem(), dtype="float32")
    assert single.coefficients.dtype == torch.float32
    seed = single.settings.seed
    estimate = fresh_residuals(single.compiled, single.basis, single.coefficients, seed)
    terms = _independent(single, single.coefficients, seed)
    for name, term in terms.items():
        assert estimate["terms"][name]["rhs_rms"] == pytest.approx(math.sqrt(term["source"]))
    pde = estimate["terms"]["pde"]["rms"]
    assert pde == pytest.approx(math.sqrt(terms["pde"]["residual"]), rel=1e-3)
    data = sum(term["weight"] * term["source"] for term in terms.values())
    loss = sum(term["weight"] * term["residual"] for term in terms.values())
    assert estimate["total"] == pytest.approx(math.sqrt(loss / data), rel=1e-3)


# -- how the residual spreads over time (the slab decision's profile) --------------------------

t = sp.symbols("t")


def _in_time(source, inflow=0) -> tuple:
    """``u_t + u_x = source(t)`` on [0, 1]^2, ``u(x, 0) = sin(pi x)`` (the initial face, left
    out of the profile) and ``u(0, t) = inflow`` (weight 3), with a zero network: each term's
    residual is minus its data, so the profile is known in closed form."""
    v = sp.Function("v")
    problem = Problem(v(x, t), Box(x=(0, 1), t=(0, 1)), name="in-time")
    problem.equation("pde", sp.Eq(v(x, t).diff(t) + v(x, t).diff(x), source))
    problem.condition("initial", sp.Eq(v(x, 0), sp.sin(sp.pi * x)))
    problem.condition("inflow", sp.Eq(v(0, t), inflow), weight=3.0)
    settings = Settings.from_mapping(
        {"optimizer": "lsgd", "activation": "tanh", "width": 8, "iterations": 0}
    )
    compiled = compile_problem(problem, settings)
    network = solve(compiled, settings)
    zero = torch.zeros_like(network.coefficients)
    return compiled, network.basis, zero


def test_a_residual_spread_evenly_over_time_reads_one():
    compiled, basis, zero = _in_time(sp.Integer(1))
    profile = validation.time_profile(compiled, basis, zero, 0, 1, ("initial",))
    for count in (1, 2, 4, 16):
        assert profile(np.linspace(0, 1, count + 1)) == pytest.approx(1.0, abs=1e-12)


def test_a_residual_that_grows_in_time_reads_its_windows_mean_over_the_first():
    # residual -t: window k of n has mean t^2 = ((k+1)^3 - k^3) / (3 n^2)
    compiled, basis, zero = _in_time(t)
    profile = validation.time_profile(compiled, basis, zero, 0, 1, ("initial",))
    for count in (2, 4):
        sizes = np.sqrt([((k + 1) ** 3 - k**3) / (3 * count**2) for k in range(count)])
        # random fresh points: the windows' means to a few per cent
        assert profile(np.linspace(0, 1, count + 1)) == pytest.approx(
            sizes.mean() / sizes[0], rel=0.05
        )
    assert profile(np.linspace(0, 1, 5)) == pytest.approx(3.52, rel=0.05)
    # the initial face, which only the first window holds, would take its mean in the others
    # and flatten the spread: it is left out (the slab trials leave out every carried term)
    counted = validation.time_profile(compiled, basis, zero, 0, 1, ())
    assert counted(np.linspace(0, 1, 5)) < 0.9 * profile(np.linspace(0, 1, 5))


def test_a_residual_that_only_later_windows_hold_reads_infinite():
    compiled, basis, zero = _in_time(sp.Piecewise((0, t < sp.Rational(1, 2)), (1, True)))
    profile = validation.time_profile(compiled, basis, zero, 0, 1, ("initial",))
    assert profile(np.linspace(0, 1, 3)) == math.inf
    assert profile(np.linspace(0, 1, 2)) == 1.0


def test_no_profile_where_a_term_cannot_move_to_fresh_points(solved):
    compiled = solved.compiled
    terms = list(compiled.terms)
    terms[-1] = dataclasses.replace(terms[-1], source_function=None)
    stripped = dataclasses.replace(compiled, terms=tuple(terms))
    assert validation.time_profile(stripped, solved.basis, solved.coefficients, 0, 0) is None


def test_the_terms_add_by_weight_in_each_window():
    # residual -t in the interior, -1 on the inflow face of weight 3: window k's size is
    # sqrt(mean t^2 + 3); a profile that dropped the weight or pooled the terms reads otherwise
    compiled, basis, zero = _in_time(t, inflow=1)
    profile = validation.time_profile(compiled, basis, zero, 0, 1, ("initial",))
    count = 4
    sizes = np.sqrt([((k + 1) ** 3 - k**3) / (3 * count**2) + 3 for k in range(count)])
    assert profile(np.linspace(0, 1, count + 1)) == pytest.approx(sizes.mean() / sizes[0], rel=0.01)


def test_a_window_that_a_term_misses_takes_its_mean():
    # a window narrower than the points' spacing holds none of them: it takes each term's mean
    # over all its points (counted as 0 it read as easier than it is)
    compiled, basis, zero = _in_time(sp.Integer(1))
    profile = validation.time_profile(compiled, basis, zero, 0, 1, ("initial",))
    assert profile(np.array([0.0, 0.5, 0.5 + 1e-12, 1.0])) == pytest.approx(1.0, abs=1e-12)


def test_the_time_axis_may_come_first():
    v = sp.Function("v")
    problem = Problem(v(t, x), Box(t=(0, 1), x=(0, 1)), name="time-first")
    problem.equation("pde", sp.Eq(v(t, x).diff(t) + v(t, x).diff(x), t))
    problem.condition("initial", sp.Eq(v(0, x), sp.sin(sp.pi * x)))
    problem.condition("inflow", sp.Eq(v(t, 0), 0))
    settings = Settings.from_mapping(
        {"optimizer": "lsgd", "activation": "tanh", "width": 8, "iterations": 0}
    )
    compiled = compile_problem(problem, settings)
    network = solve(compiled, settings)
    zero = torch.zeros_like(network.coefficients)
    profile = validation.time_profile(compiled, network.basis, zero, 0, 0, ("initial",))
    assert profile(np.linspace(0, 1, 5)) == pytest.approx(3.52, rel=0.05)


def test_data_zero_to_rounding_have_no_relative_residual():
    # Found in session 28: a manufactured solution read where it has decayed (1e-32 on a far
    # wall) gave the wall a relative residual of 1e29, which read as alarming.
    problem = Problem(u(x), Box(x=(0, 1)), name="far-wall")
    problem.equation("pde", sp.Eq(-u(x).diff(x, 2), sp.pi**2 * sp.sin(sp.pi * x)))
    problem.condition("left", sp.Eq(u(0), sp.Float(1e-32)))
    problem.condition("right", sp.Eq(u(1), sp.Float(1e-3)))
    solution = _solve(problem)
    estimate = solution.validation
    terms = estimate["terms"]
    assert terms["left"]["rhs_rms"] == pytest.approx(1e-32) and terms["left"]["relative"] is None
    # data small but not rounding keep theirs
    assert terms["right"]["relative"] == pytest.approx(terms["right"]["rms"] / 1e-3)
    assert terms["pde"]["relative"] is not None
    _check(estimate, _independent(solution, solution.coefficients, solution.settings.seed))


def _points(compiled, seed: int) -> np.ndarray:
    """The points :func:`stage_difference` compares at, drawn again."""
    return sample(
        compiled, Random(DIFFERENCE_POINTS), {}, seed=seed, salt="difference",
        region=compiled.region,
    )  # fmt: skip


def test_the_difference_of_two_solutions_is_their_relative_rms_distance(solved):
    seed = solved.settings.seed
    assert stage_difference(solved, solved, seed) == 0.0
    # NN - 2 NN = -NN against the larger, 2 NN: one half at every point, either way round
    doubled = dataclasses.replace(solved, coefficients=2 * solved.coefficients)
    assert stage_difference(solved, doubled, seed) == pytest.approx(0.5, rel=1e-12)
    assert stage_difference(doubled, solved, seed) == pytest.approx(0.5, rel=1e-12)
    # against numpy on the same points, for a solution that differs by a function
    points = _points(solved.compiled, seed)
    assert points.shape == (DIFFERENCE_POINTS, 1)

    def other(p):
        return solved(p) + 0.01 * np.cos(5 * p[:, 0])

    a, b = solved(points), other(points)
    size = max(math.sqrt(np.mean(a**2)), math.sqrt(np.mean(b**2)))
    expected = math.sqrt(np.mean((a - b) ** 2)) / size
    assert stage_difference(solved, other, seed) == pytest.approx(expected, rel=1e-12)
    assert stage_difference(solved, other, seed + 1) != stage_difference(solved, other, seed)


def test_a_difference_that_is_not_finite_is_none_and_from_zero_is_one(solved):
    seed = solved.settings.seed
    assert stage_difference(solved, lambda p: np.full(len(p), np.nan), seed) is None
    assert stage_difference(solved, lambda p: np.zeros(len(p)), seed) == pytest.approx(1.0)


def test_a_constant_that_no_term_fixes_is_not_a_difference():
    """Flux conditions only: u is fixed up to a constant, so u + 3 is as good a solution;
    with a value condition it is 3 away."""
    exact = sp.cos(2 * x)
    free = Problem(u(x), Box(x=(0, 1)), name="free")
    free.equation("pde", sp.Eq(u(x).diff(x, 2), exact.diff(x, 2)))
    for end in (0, 1):
        free.condition(f"flux{end}", sp.Eq(u(x).diff(x).subs(x, end), exact.diff(x).subs(x, end)))
    fixed = Problem(u(x), Box(x=(0, 1)), name="fixed")
    fixed.equation("pde", sp.Eq(u(x).diff(x, 2), exact.diff(x, 2)))
    fixed.condition("left", sp.Eq(u(0), 1))
    fixed.condition("flux1", sp.Eq(u(x).diff(x).subs(x, 1), exact.diff(x).subs(x, 1)))

    class Exact:
        def __init__(self, problem):
            self.compiled = compile_problem(problem)

        def __call__(self, p):
            return np.cos(2 * p[:, 0])

    for problem, free_constant in ((free, True), (fixed, False)):
        chosen = Exact(problem)
        assert bool(chosen.compiled.free_constants()) == free_constant
        got = stage_difference(chosen, lambda p: np.cos(2 * p[:, 0]) + 3, 0)
        if free_constant:
            assert got < 1e-12
        else:
            shifted = np.cos(2 * _points(chosen.compiled, 0)[:, 0]) + 3  # the larger
            assert got == pytest.approx(3 / math.sqrt(np.mean(shifted**2)), rel=1e-12)


def test_on_a_shape_the_difference_is_taken_inside_it():
    """A disk: the points compared at all lie in it, so a solution that is wrong only
    outside the disk differs by nothing."""
    from pinnls.problems import poisson_disk

    compiled = compile_problem(poisson_disk.problem)
    points = _points(compiled, 0)
    assert len(points) > 0 and compiled.contains(points).all()

    class Zero:
        def __init__(self):
            self.compiled = compiled

        def __call__(self, p):
            return np.ones(len(p))

    def outside_wrong(p):
        return np.where(compiled.contains(p), 1.0, 50.0)

    assert stage_difference(Zero(), outside_wrong, 0) == 0.0
