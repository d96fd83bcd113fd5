"""Rank-robust least squares against numpy's gelsd, and TSQR streaming."""

import numpy as np
import pytest
import torch

from pinnls.errors import SettingsError, SolverError
from pinnls.numeric.least_squares import LeastSquaresResult, StreamingLeastSquares, least_squares
from pinnls.registry import LEAST_SQUARES

METHODS = LEAST_SQUARES.names()


def rng(seed=0):
    return np.random.default_rng(seed)


def full_rank(seed=0, m=200, w=20):
    return rng(seed).standard_normal((m, w))


def zero_columns(seed=1):
    a = rng(seed).standard_normal((150, 24))
    a[:, [0, 5, 17]] = 0.0  # dead ReLUs
    return a


def duplicated_columns(seed=2):
    a = rng(seed).standard_normal((150, 12))
    return np.hstack([a, a[:, :3], 2.0 * a[:, 5:7]])


def rank_121_of_128(seed=3):
    generator = rng(seed)
    return generator.standard_normal((400, 121)) @ generator.standard_normal((121, 128))


def vandermonde():
    return np.vander(np.linspace(0.0, 1.0, 100), 14, increasing=True)  # cond ~ 1e10


def hilbert_like():
    i = np.arange(60)[:, None]
    j = np.arange(10)[None, :]
    return 1.0 / (i + j + 1.0)  # cond ~ 1e12


def solve(a, b, **kwargs):
    return least_squares(torch.from_numpy(a), torch.from_numpy(b), **kwargs)


def numpy_residual(a, b):
    c = np.linalg.lstsq(a, b, rcond=None)[0]
    return np.linalg.norm(a @ c - b), c


def rhs(a, seed=10):
    return rng(seed).standard_normal(a.shape[0])


@pytest.mark.parametrize("method", METHODS)
def test_full_rank_coefficients_match_numpy(method):
    a = full_rank()
    b = rhs(a)
    result = solve(a, b, method=method)
    assert isinstance(result, LeastSquaresResult)
    expected_residual, expected = numpy_residual(a, b)
    assert result.rank == 20
    assert result.coefficients.shape == (20,) and result.coefficients.dtype == torch.float64
    # cond(A) ~ 2: the SVD and QR solves are backward stable, so 1e-10 leaves a wide margin;
    # Tikhonov perturbs by ~1e-12 * cond^2.
    np.testing.assert_allclose(result.coefficients.numpy(), expected, rtol=0, atol=1e-10)
    assert abs(result.residual - expected_residual) <= 1e-10 * expected_residual


def test_svd_condition_is_that_of_the_column_scaled_matrix():
    a = full_rank() * np.logspace(-3, 3, 20)  # column scaling must undo this
    result = solve(a, rhs(a))
    scaled = a / np.linalg.norm(a, axis=0)
    np.testing.assert_allclose(result.condition, np.linalg.cond(scaled), rtol=1e-10)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    ("make", "rank"),
    [(zero_columns, 21), (duplicated_columns, 12), (rank_121_of_128, 121)],
)
def test_rank_deficient_residual_no_worse_than_numpy(method, make, rank):
    a = make()
    b = rhs(a)
    result = solve(a, b, method=method)
    c = result.coefficients.numpy()
    assert np.isfinite(c).all()
    expected_residual, expected = numpy_residual(a, b)
    ours = np.linalg.norm(a @ c - b)
    assert ours <= expected_residual * (1 + 1e-8) + 1e-12
    assert abs(result.residual - ours) <= 1e-10 * ours
    # No blow-up of the coefficients (unpivoted QR gave 1e9 on the 121-of-128 case).
    assert np.linalg.norm(c) <= 10 * np.linalg.norm(expected)
    if method == "tikhonov":
        assert result.rank == np.count_nonzero(np.linalg.norm(a, axis=0))
    else:
        assert result.rank == rank
        assert np.isfinite(result.condition)


def test_svd_gives_minimum_norm_solution_for_equal_norm_duplicates():
    # Duplicated columns have equal norms, so column scaling keeps the minimum-norm solution
    # that gelsd returns.
    a = rng(4).standard_normal((80, 6))
    a = np.hstack([a, a[:, :2]])
    b = rhs(a)
    result = solve(a, b)
    _, expected = numpy_residual(a, b)
    np.testing.assert_allclose(result.coefficients.numpy(), expected, rtol=0, atol=1e-12)
    assert result.rank == 6


@pytest.mark.parametrize("method", ["svd", "qr"])
@pytest.mark.parametrize("make", [vandermonde, hilbert_like])
def test_ill_conditioned_residual_no_worse_than_numpy(method, make):
    a = make()
    b = rhs(a)
    result = solve(a, b, method=method)
    expected_residual, _ = numpy_residual(a, b)
    ours = np.linalg.norm(a @ result.coefficients.numpy() - b)
    assert ours <= expected_residual * (1 + 1e-8) + 1e-12
    assert result.condition > 1e8  # the report says the system is ill-conditioned


def test_tikhonov_loses_accuracy_only_mildly_on_ill_conditioned_system():
    # Documented behaviour: lambda = 1e-12 sigma_max^2 damps directions with sigma below
    # 1e-6 sigma_max. On this Vandermonde matrix the residual grows by ~2%, not more.
    a = vandermonde()
    b = rhs(a)
    result = solve(a, b, method="tikhonov")
    expected_residual, _ = numpy_residual(a, b)
    ours = np.linalg.norm(a @ result.coefficients.numpy() - b)
    assert expected_residual <= ours <= 1.05 * expected_residual


@pytest.mark.parametrize("method", METHODS)
def test_all_zero_matrix_gives_zero_coefficients_rank_zero(method):
    a = np.zeros((30, 5))
    b = rhs(a)
    result = solve(a, b, method=method)
    assert torch.equal(result.coefficients, torch.zeros(5, dtype=torch.float64))
    assert result.rank == 0
    assert result.condition == float("inf")
    assert result.residual == pytest.approx(np.linalg.norm(b), rel=1e-12)


@pytest.mark.parametrize("method", ["svd", "qr"])
def test_underdetermined_system_is_solved_exactly(method):
    a = rng(5).standard_normal((10, 30))
    b = rhs(a)
    result = solve(a, b, method=method)
    assert result.rank == 10
    assert np.linalg.norm(a @ result.coefficients.numpy() - b) < 1e-12


@pytest.mark.parametrize("method", METHODS)
def test_streamed_uneven_chunks_equal_unchunked_solve(method):
    a = full_rank(6, m=300, w=25)
    b = rhs(a)
    whole = solve(a, b, method=method)
    stream = StreamingLeastSquares(25, method=method)
    bounds = [0, 3, 40, 41, 90, 200, 260, 300]  # 7 chunks, some shorter than the width
    for start, stop in zip(bounds[:-1], bounds[1:], strict=True):
        stream.add(torch.from_numpy(a[start:stop]), torch.from_numpy(b[start:stop]))
    streamed = stream.solve()
    assert stream.rows == 300
    torch.testing.assert_close(streamed.coefficients, whole.coefficients, rtol=0, atol=1e-10)
    assert streamed.rank == whole.rank
    assert streamed.residual == pytest.approx(whole.residual, rel=1e-10)


def test_streamed_rank_deficient_system_matches_numpy_residual():
    a = rank_121_of_128()
    b = rhs(a)
    stream = StreamingLeastSquares(128)
    for start in range(0, 400, 57):
        stream.add(torch.from_numpy(a[start : start + 57]), torch.from_numpy(b[start : start + 57]))
    result = stream.solve()
    expected_residual, _ = numpy_residual(a, b)
    assert result.rank == 121
    assert result.residual <= expected_residual * (1 + 1e-8)


def test_empty_stream_solves_to_zero():
    result = StreamingLeastSquares(4).solve()
    assert result.rank == 0 and torch.equal(
        result.coefficients, torch.zeros(4, dtype=torch.float64)
    )


@pytest.mark.parametrize("method", METHODS)
def test_float32_solves_close_to_float64(method):
    a = full_rank(7)
    b = rhs(a)
    result = least_squares(torch.from_numpy(a).float(), torch.from_numpy(b).float(), method=method)
    assert result.coefficients.dtype == torch.float32
    _, expected = numpy_residual(a, b)
    # float32 (eps 1.2e-7) on a system with cond ~ 2; Tikhonov raises lambda to rounding level.
    np.testing.assert_allclose(result.coefficients.double().numpy(), expected, rtol=0, atol=1e-4)
    assert result.rank == 20


def test_non_finite_input_raises_solver_error():
    a = full_rank()
    a[3, 4] = np.nan
    for method in METHODS:
        with pytest.raises(SolverError, match="NaN"):
            solve(a, rhs(a), method=method)


def test_invalid_arguments_are_rejected():
    a = full_rank()
    with pytest.raises(SettingsError, match="svd, qr, tikhonov"):
        solve(a, rhs(a), method="lstsq")
    with pytest.raises(SettingsError, match="svd, qr, tikhonov"):
        StreamingLeastSquares(3, method="lstsq")
    with pytest.raises(ValueError, match="shape"):
        StreamingLeastSquares(3).add(torch.zeros(4, 2), torch.zeros(4))
    with pytest.raises(ValueError, match="shape"):
        StreamingLeastSquares(2).add(torch.zeros(4, 2), torch.zeros(3))


def nearly_parallel(rows, delta, seed=5):
    """Two unit columns at angle ~delta: column-scaled singular values ~sqrt(2) and
    ~delta/sqrt(2) (svd ratio ~delta/2), pivoted-QR pivot ratio ~delta."""
    generator = rng(seed)
    a = generator.standard_normal(rows)
    a /= np.linalg.norm(a)
    q = generator.standard_normal(rows)
    q -= (q @ a) * a
    q /= np.linalg.norm(q)
    return np.stack([a, a + delta * q], axis=1)


@pytest.mark.parametrize("method", ["svd", "qr"])
def test_default_rcond_is_machine_epsilon_times_the_width(method):
    # 10000 rows, 2 columns: the cutoff is 2.2e-16 * 2 = 4.4e-16, far below both ratios of
    # delta = 1e-13, so both columns stay (numpy's eps * max(m, w) = 2.2e-12 would cut one,
    # which in float32 at 1e5 rows cut 100 of 257 columns of a real basis).
    tall = nearly_parallel(10_000, 1e-13)
    assert solve(tall, rhs(tall), method=method).rank == 2
    # 64 columns: the cutoff grows to 1.4e-14, above the ratios of delta = 2e-15 (~1e-15 and
    # ~2e-15, plus rounding ~1e-16 * sqrt(rows)), so the near-duplicate goes.
    pair = nearly_parallel(200, 2e-15)
    others = rng(3).standard_normal((200, 62))
    wide = np.concatenate([pair, others / np.linalg.norm(others, axis=0)], axis=1)
    assert solve(wide, rhs(wide), method=method).rank == 63


def test_cutoffs_are_relative_to_the_largest_singular_value_or_pivot():
    # The small solvers on a triangle with singular values (and pivots) 10, 0.5, 0.3: rcond
    # 0.04 cuts at 0.4 relative to the largest, so the rank is 2 (an absolute cutoff at 0.04
    # would keep 3; one 1000x stricter would keep none). Scaling the system leaves the rank.
    from pinnls.numeric.least_squares import solve_pivoted_qr, solve_svd

    r = torch.diag(torch.tensor([10.0, 0.5, 0.3], dtype=torch.float64))
    z = torch.tensor([1.0, 1.0, 1.0], dtype=torch.float64)
    for factor in (1.0, 1e-3, 1e4):
        for solver in (solve_svd, solve_pivoted_qr):
            y, rank, condition = solver(factor * r, factor * z, 0.04)
            assert int(rank) == 2
            # The kept components solve their rows; the cut one is 0 (minimum norm and basic
            # solution coincide for a diagonal system).
            torch.testing.assert_close(y, torch.tensor([0.1, 2.0, 0.0], dtype=torch.float64))
            assert float(condition) == pytest.approx(20.0)
        y, rank, _ = solve_svd(factor * r, factor * z, 0.02)
        assert int(rank) == 3 and float(y[2]) == pytest.approx(1 / 0.3)
