"""Rank-robust least squares against numpy's gelsd, and TSQR streaming."""

import os

import numpy as np
import pytest
import torch

from pinnls.errors import SettingsError, SolverError
from pinnls.numeric import least_squares as ls
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
    result = solve(a, rhs(a), method="svd")
    scaled = a / np.linalg.norm(a, axis=0)
    np.testing.assert_allclose(result.condition, np.linalg.cond(scaled), rtol=1e-10)


@pytest.mark.parametrize("make", [full_rank, vandermonde, hilbert_like])
def test_cod_condition_is_a_one_norm_estimate_of_the_column_scaled_matrix(make):
    # LAPACK's 1-norm estimate of the kept triangle: within a factor of the width of the
    # 2-norm condition (kappa_1 and kappa_2 differ by at most n), whatever the column scales.
    a = make() * np.logspace(-3, 3, make().shape[1])
    result = solve(a, rhs(a), method="cod")
    scaled = a / np.linalg.norm(a, axis=0)
    exact, width = np.linalg.cond(scaled), a.shape[1]
    assert result.rank == width
    assert exact / width <= result.condition <= exact * width


def test_cod_matches_the_svd_minimum_norm_solution_on_a_rank_deficient_system():
    # Both return the minimum-norm least-squares solution; pivoted QR's basic solution does
    # not (it puts 0 on the dropped columns), which is why cod and not qr is the default.
    a = duplicated_columns()
    b = rhs(a)
    cod, svd = (solve(a, b, method=m) for m in ("cod", "svd"))
    assert cod.rank == svd.rank == 12
    torch.testing.assert_close(cod.coefficients, svd.coefficients, rtol=0, atol=1e-10)
    basic = solve(a, b, method="qr").coefficients
    assert float(basic.norm()) > float(svd.coefficients.norm()) * (1 + 1e-6)


def test_cod_limits_scipy_blas_to_torch_threads(monkeypatch):
    # A run with --threads 1 must not spread: the small step limits scipy's BLAS to torch's
    # thread count.
    import pinnls.numeric.least_squares as ls

    seen = []
    real = ls._blas_threads
    monkeypatch.setattr(ls, "_blas_threads", lambda n: seen.append(n) or real(n))
    monkeypatch.setattr(torch, "get_num_threads", lambda: 3)
    a = full_rank()
    solve(a, rhs(a), method="cod")
    assert seen == [3]


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


@pytest.mark.parametrize("method", ["cod", "svd", "qr"])
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


@pytest.mark.parametrize("method", ["cod", "svd", "qr"])
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


def nearly_dependent(rows, delta, width=40, seed=5):
    """Orthonormal columns, except that column 1 is column 0 plus ``delta`` times another unit
    vector: every column norm is ~1, the column-scaled singular values are ~sqrt(2), 1 (38
    times) and ~delta/sqrt(2) (ratio ~delta/2), and the pivoted-QR pivot ratio is ~delta."""
    q, _ = np.linalg.qr(rng(seed).standard_normal((rows, width)))
    q[:, 1] = q[:, 0] + delta * q[:, 1]
    return q


@pytest.mark.parametrize("method", ["cod", "svd", "qr"])
def test_default_rcond_is_machine_epsilon_times_the_width(method):
    # Width 40: the cutoff is 2.2e-16 * 40 = 8.9e-15. delta = 1e-12 (ratios 5e-13, 1e-12) is
    # kept, also with 10000 rows (numpy's eps * max(m, w) = 2.2e-12 would cut it; a cutoff
    # 1000x stricter, 8.9e-12, too). delta = 4e-15 (ratios 2e-15, 4e-15) is cut (eps alone,
    # 2.2e-16, would keep it). The rounding of the small singular value is ~1e-16.
    kept = nearly_dependent(10_000, 1e-12)
    assert solve(kept, rhs(kept), method=method).rank == 40
    cut = nearly_dependent(100, 4e-15)
    assert solve(cut, rhs(cut), method=method).rank == 39


def test_cutoffs_are_relative_to_the_largest_singular_value_or_pivot():
    # The small solvers on a triangle with singular values (and pivots) 10, 0.5, 0.3: rcond
    # 0.04 cuts at 0.4 relative to the largest, so the rank is 2 (an absolute cutoff at 0.04
    # would keep 3; one 1000x stricter would keep none). Scaling the system leaves the rank.
    from pinnls.numeric.least_squares import solve_cod, solve_pivoted_qr, solve_svd

    r = torch.diag(torch.tensor([10.0, 0.5, 0.3], dtype=torch.float64))
    z = torch.tensor([1.0, 1.0, 1.0], dtype=torch.float64)
    for factor in (1.0, 1e-3, 1e4):
        for solver in (solve_cod, solve_svd, solve_pivoted_qr):
            y, rank, condition = solver(factor * r, factor * z, 0.04)
            assert int(rank) == 2
            # The kept components solve their rows; the cut one is 0 (minimum norm and basic
            # solution coincide for a diagonal system).
            torch.testing.assert_close(y, torch.tensor([0.1, 2.0, 0.0], dtype=torch.float64))
            assert float(condition) == pytest.approx(20.0)
        y, rank, _ = solve_svd(factor * r, factor * z, 0.02)
        assert int(rank) == 3 and float(y[2]) == pytest.approx(1 / 0.3)


# -- messages, edge cases and the paths that only rare systems take ------------------------------


def test_messages_name_the_shape_and_the_cause():
    with pytest.raises(ValueError, match=r"^A must have shape \(m, w\), got \(3,\)$"):
        least_squares(torch.zeros(3, dtype=torch.float64), torch.zeros(3, dtype=torch.float64))
    with pytest.raises(ValueError, match=r"^b_chunk must have shape \(4,\), got \(3,\)$"):
        StreamingLeastSquares(2).add(torch.zeros(4, 2), torch.zeros(3))
    a = full_rank()
    a[0, 0] = np.inf
    for method in METHODS:
        with pytest.raises(SolverError, match="^the least-squares system contains NaN or Inf$"):
            solve(a, rhs(a), method=method)


@pytest.mark.parametrize("width", [0, -1, True, 2.0, "3"])
def test_width_must_be_a_positive_integer(width):
    with pytest.raises(ValueError, match=r"^width is .*; it must be an integer >= 1$"):
        StreamingLeastSquares(width)


@pytest.mark.parametrize("method", METHODS)
def test_one_column_and_an_empty_stream(method):
    a = np.array([[1.0], [2.0], [2.0]])
    result = solve(a, np.array([3.0, 6.0, 6.0]), method=method)
    assert result.rank == 1 and result.condition == pytest.approx(1.0)
    assert float(result.coefficients[0]) == pytest.approx(3.0, rel=1e-10)
    empty = StreamingLeastSquares(3, method=method).solve()
    assert empty.coefficients.dtype == torch.float64 and empty.rank == 0
    assert empty.condition == float("inf") and empty.residual == 0.0


@pytest.mark.parametrize("method", ["cod", "svd", "qr"])
def test_rank_one_system_has_condition_one(method):
    # Two equal columns: rank 1, and the one kept singular value (or pivot) is its own minimum.
    a = np.repeat(full_rank(w=1), 2, axis=1)
    result = solve(a, rhs(a), method=method)
    assert result.rank == 1 and result.condition == pytest.approx(1.0)


def test_rcond_and_tikhonov_reach_the_solver():
    a = duplicated_columns()
    b = rhs(a)
    assert solve(a, b, rcond=0.9).rank < solve(a, b).rank == 12
    loose, tight = (solve(a, b, method="tikhonov", tikhonov=v) for v in (1e-2, 1e-12))
    # lambda bounds the condition number by about tikhonov**-0.5 (measured 4.3 and 4e5).
    assert loose.condition < 10 < 1e5 < tight.condition


def test_a_float32_solver_rounds_float64_chunks_to_float32():
    a = full_rank()
    solver = StreamingLeastSquares(20, dtype=torch.float32)
    solver.add(torch.from_numpy(a), torch.from_numpy(rhs(a)))
    assert solver.solve().coefficients.dtype == torch.float32


def test_tikhonov_matches_the_regularized_normal_equations_for_small_columns():
    # Columns of norm ~1e-3 and ~1e3: the Gram matrix is scaled to unit diagonal first, and
    # lambda = tikhonov * ||G_s||_2; the residual is exact enough below 1 as well.
    a = full_rank(w=6, m=40) * np.array([1e-3, 1e-3, 1, 1, 1e3, 1e3])
    b = a @ np.arange(1.0, 7.0) + 1e-3 * rhs(a)
    result = solve(a, b, method="tikhonov", tikhonov=1e-4)
    norms = np.linalg.norm(a, axis=0)
    gram = (a / norms).T @ (a / norms)
    lam = 1e-4 * np.linalg.eigvalsh(gram)[-1]
    expected = np.linalg.solve(gram + lam * np.eye(6), (a / norms).T @ b) / norms
    np.testing.assert_allclose(result.coefficients.numpy(), expected, rtol=1e-8)
    assert result.residual == pytest.approx(np.linalg.norm(a @ expected - b), rel=1e-6)
    # Nearly consistent (residual ~6e-3): the residual from c^T G c - 2 c^T A^T b + b^T b is
    # accurate to about sqrt(eps) ||b|| (||b|| ~ 1e4 here: 1e-4), not clamped to 1.
    plain = solve(a, b, method="tikhonov")
    residual = np.linalg.norm(a @ plain.coefficients.numpy() - b)
    assert residual < 1e-2 and plain.residual == pytest.approx(residual, abs=1e-3)


def test_tikhonov_with_orthogonal_columns_solves_exactly():
    # G_s = I exactly, so ||G_s||_2 = 1 is the estimate itself; lambda = 1e-12 changes nothing.
    a = np.array([[2.0, 0.0], [0.0, 3.0], [0.0, 0.0]])
    result = solve(a, np.array([4.0, 3.0, 5.0]), method="tikhonov")
    np.testing.assert_allclose(result.coefficients.numpy(), [2.0, 1.0], rtol=1e-11)
    assert result.rank == 2


def test_tikhonov_grows_lambda_100_fold_until_cholesky_succeeds(monkeypatch):
    from pinnls.numeric import least_squares as module

    real = torch.linalg.cholesky_ex
    shifts = []

    def failing_twice(matrix):
        shifts.append(float(matrix[0, 0] - 1))  # the unit diagonal plus lambda
        chol, info = real(matrix)
        return chol, info + (1 if len(shifts) <= 2 else 0)

    monkeypatch.setattr(module.torch.linalg, "cholesky_ex", failing_twice)
    a = full_rank(w=4)
    solver = StreamingLeastSquares(4, method="tikhonov")
    solver.add(torch.from_numpy(a), torch.from_numpy(rhs(a)))
    message = (
        r"^Tikhonov least squares: lambda 1e-12 \* sigma_max\^2 is below rounding level; "
        r"used 1e-08 \* sigma_max\^2$"
    )
    with pytest.warns(RuntimeWarning, match=message) as caught:
        solver.solve()
    # stacklevel points at whoever called solve(): this file. (mutmut's trampolines add stack
    # frames, so the check holds only outside a mutation run.)
    if "MUTANT_UNDER_TEST" not in os.environ:
        assert caught[0].filename == __file__
    assert len(shifts) == 3
    assert shifts[1] == pytest.approx(100 * shifts[0], rel=1e-6)
    assert shifts[2] == pytest.approx(1e4 * shifts[0], rel=1e-6)


def test_tikhonov_that_never_factors_raises_after_every_retry(monkeypatch):
    from pinnls.numeric import least_squares as module

    calls = []

    def never(matrix):
        calls.append(1)
        return matrix, torch.tensor(1)

    monkeypatch.setattr(module.torch.linalg, "cholesky_ex", never)
    a = full_rank(w=3)
    message = "^Tikhonov least squares: Cholesky failed for every lambda tried$"
    with pytest.raises(SolverError, match=message):
        solve(a, rhs(a), method="tikhonov")
    assert len(calls) == 8


def test_tikhonov_that_factors_at_once_does_not_warn():
    import warnings

    a = full_rank(w=5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        solve(a, rhs(a), method="tikhonov")


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_pivoted_qr_is_accurate_when_a_column_is_almost_its_own_pivot(sign):
    # Each column is almost a multiple of e_1 below its pivot row (entries 0.5-0.9 with 1e-7
    # below), of either sign: the solution must still match numpy to rounding. (Mutation
    # testing showed that a wrong Householder sign does not fail this at 1e-12: its loss of
    # accuracy is below that here, so the sign choice stays listed as a survivor.)
    from pinnls.numeric.least_squares import solve_pivoted_qr

    generator = rng(8)
    r = np.triu(generator.uniform(0.5, 0.9, (6, 6))) * sign
    r += np.tril(1e-7 * generator.standard_normal((6, 6)), -1)
    z = generator.standard_normal(6)
    y, rank, _ = solve_pivoted_qr(torch.from_numpy(r), torch.from_numpy(z), 1e-14)
    assert int(rank) == 6
    np.testing.assert_allclose(y.numpy(), np.linalg.solve(r, z), rtol=1e-12, atol=1e-12)


# -- cod's fast path: back substitution where the triangle is clearly of full rank ------------


def _spy_gelsy(monkeypatch):
    """Count the calls of xGELSY that ``solve_cod`` makes (its slow path)."""
    import scipy.linalg

    import pinnls.numeric.least_squares as ls

    calls = []
    real = scipy.linalg.get_lapack_funcs

    def spied(names, arrays=(), **kwargs):
        funcs = real(names, arrays, **kwargs)
        if isinstance(names, str) or "gelsy" not in names:
            return funcs
        wrapped = []
        for name, func in zip(names, funcs):
            if name == "gelsy":
                wrapped.append(lambda *a, _f=func, **k: calls.append(1) or _f(*a, **k))
            else:
                wrapped.append(func)
        return tuple(wrapped)

    monkeypatch.setattr(scipy.linalg, "get_lapack_funcs", spied)
    return ls, calls


@pytest.mark.parametrize("make", [full_rank, vandermonde, hilbert_like])
def test_cod_solves_a_clearly_full_rank_system_by_back_substitution_as_gelsy_would(
    make, monkeypatch
):
    # Conditions ~2, ~1e10 and ~1e12, all far below 1 / rcond = 1e15 / 3: the fast path
    # answers, and forcing xGELSY (a margin no bound passes) gives the same solution to
    # rounding times the condition, the same rank and a condition within the bounds of both
    # 1-norm estimates.
    ls, calls = _spy_gelsy(monkeypatch)
    a = make() * np.logspace(-2, 2, make().shape[1])
    b = rhs(a)
    fast = solve(a, b, method="cod", rcond=1e-15)
    assert calls == []
    monkeypatch.setattr(ls, "CLEAR_MARGIN", 1e300)
    slow = solve(a, b, method="cod", rcond=1e-15)
    assert calls == [1]
    exact = np.linalg.cond(a / np.linalg.norm(a, axis=0))
    width = a.shape[1]
    assert fast.rank == slow.rank == width
    assert exact / width <= fast.condition <= exact * width
    fitted = a @ fast.coefficients.numpy(), a @ slow.coefficients.numpy()
    scale = np.linalg.norm(b)
    assert np.linalg.norm(fitted[0] - fitted[1]) <= 1e-15 * exact * scale
    assert abs(fast.residual - slow.residual) <= 1e-15 * exact * scale


def test_cod_leaves_a_triangle_near_its_cutoff_to_gelsy(monkeypatch):
    # delta = 1e-12 gives a 2-norm condition ~2e12 (nearly_dependent). At rcond 2e-13 every
    # column stays (2e12 < 1 / rcond = 5e12), but the fast path's bound, three times at least
    # that condition (~6e12), is not below 5e12: xGELSY decides, and keeps every column.
    ls, calls = _spy_gelsy(monkeypatch)
    a = nearly_dependent(1000, 1e-12)
    result = solve(a, rhs(a), method="cod", rcond=2e-13)
    assert calls == [1] and result.rank == 40
    # rank deficient: xGELSY decides, and cuts the nearly dependent column
    cut = nearly_dependent(100, 4e-15)
    assert solve(cut, rhs(cut), method="cod").rank == 39
    assert calls == [1, 1]


def test_cod_fast_path_needs_the_rows_below_the_triangle_to_vanish():
    from pinnls.numeric.least_squares import _full_rank_solve

    top = np.asfortranarray(np.triu(rng(4).standard_normal((5, 5))) + 5 * np.eye(5))
    z = rng(5).standard_normal(6)
    below = np.asfortranarray(np.vstack([top, np.zeros((1, 5))]))
    y, condition = _full_rank_solve(below, z, 1e-15)
    np.testing.assert_allclose(top @ y, z[:5], rtol=0, atol=1e-12)
    assert condition >= 1.0
    below[5, 2] = 1e-3  # not a triangle with a zero row below: the general path
    assert _full_rank_solve(below, z, 1e-15) is None
    assert _full_rank_solve(np.asfortranarray(top[:4]), z[:4], 1e-15) is None  # wide
    singular = top.copy(order="F")
    singular[3, 3] = 0.0
    assert _full_rank_solve(singular, z[:5], 1e-15) is None


def test_cod_fast_path_reads_the_inverse_not_an_estimate_that_a_triangle_can_fool():
    # I - theta u v^T with u = (1, 1, -1, -1) in rows 0-3 and v in columns 32-35: upper
    # triangular, 2-norm condition 4.5e15, above 1 / rcond = 7e13 (eps * 64), yet xTRCON's
    # probe vectors (sums of +-1) miss the block: its estimates read a bound of 5.5e11 (found in
    # review). From the norms of the inverse the bound is read exactly: no fast path, and the
    # rank is xGELSY's and the SVD's, 63 of 64.
    from pinnls.numeric.least_squares import _full_rank_solve, solve_cod

    n = 64
    u, v = np.zeros(n), np.zeros(n)
    u[:4] = v[32:36] = [1.0, 1.0, -1.0, -1.0]
    t = np.asfortranarray(np.eye(n) - 2.0**24 * np.outer(u, v))
    assert np.array_equal(t, np.triu(t))
    rcond = np.finfo(float).eps * n
    from scipy.linalg import get_lapack_funcs

    (trcon,) = get_lapack_funcs(("trcon",), (t,))
    one, _ = trcon(t, norm="1", uplo="U", diag="N")
    infinity, _ = trcon(t, norm="I", uplo="U", diag="N")
    read = np.sqrt(1 / one) * np.sqrt(1 / infinity)
    assert 5e11 < read < 6e11 and 3 * rcond * read < 1  # the estimates would have passed it
    assert np.linalg.cond(t) > 1 / rcond
    assert _full_rank_solve(t, np.ones(n), rcond) is None
    _, rank, _ = solve_cod(torch.from_numpy(t), torch.ones(n, dtype=torch.float64), rcond)
    singular = np.linalg.svd(t, compute_uv=False)
    assert int(rank) == int((singular > rcond * singular[0]).sum()) == 63


def test_cod_fast_path_gives_up_on_the_diagonal_before_inverting(monkeypatch):
    # A triangle whose diagonal spans more than 1 / (margin rcond) has a larger condition (its
    # diagonal holds its eigenvalues): no inverse is computed, and xGELSY gives the answer the
    # full test would have sent it to, the SVD's rank.
    import scipy.linalg

    import pinnls.numeric.least_squares as ls

    n = 8
    top = np.triu(rng(7).standard_normal((n, n))) + n * np.eye(n)
    top[n - 1, n - 1] = 1e-17
    top = np.asfortranarray(top)
    rcond = 1e-15
    diagonal = np.abs(np.diagonal(top))
    assert ls.CLEAR_MARGIN * rcond * diagonal.max() / diagonal.min() >= 1
    real = scipy.linalg.get_lapack_funcs

    def no_inverse(names, arrays=()):
        assert "trtri" not in names, "the inverse was computed"
        return real(names, arrays)

    monkeypatch.setattr(scipy.linalg, "get_lapack_funcs", no_inverse)
    assert ls._full_rank_solve(top, np.ones(n), rcond) is None
    _, rank, _ = ls.solve_cod(torch.from_numpy(top), torch.ones(n, dtype=torch.float64), rcond)
    singular = np.linalg.svd(top, compute_uv=False)
    assert int(rank) == int((singular > rcond * singular[0]).sum()) == n - 1
    # one step inside the ratio the inverse is computed and decides
    top[n - 1, n - 1] = 1.0
    with pytest.raises(AssertionError, match="inverse was computed"):
        ls._full_rank_solve(top, np.ones(n), rcond)


@pytest.mark.parametrize("rcond", [0.0, float("nan")])
def test_cod_fast_path_with_no_cutoff_or_a_nan_one(rcond, monkeypatch):
    # rcond 0 with a margin no bound passes (the benchmark's xGELSY side) and a NaN cutoff make
    # the test NaN: "not below" sends both to xGELSY, never to the fast path.
    import pinnls.numeric.least_squares as ls

    top = np.asfortranarray(np.triu(rng(6).standard_normal((6, 6))) + 6 * np.eye(6))
    monkeypatch.setattr(ls, "CLEAR_MARGIN", float("inf"))
    assert ls._full_rank_solve(top, np.ones(6), rcond) is None


def _stacked(r, block):
    return torch.linalg.qr(torch.cat([r, block]), mode="r").R


def _same_factor(folded, stacked):
    """Two triangular factors of the same rows agree up to each row's sign."""
    assert folded.shape == stacked.shape
    assert torch.equal(folded, folded.triu())
    signs = torch.sign(folded.diagonal()) * torch.sign(stacked.diagonal())
    signs[signs == 0] = 1
    torch.testing.assert_close(signs[:, None] * folded, stacked, rtol=0, atol=1e-12)


@pytest.mark.parametrize(
    ("k", "n", "m"),
    [(40, 40, 40), (40, 40, 13), (40, 40, 1), (25, 40, 9), (25, 40, 25), (41, 41, 7), (9, 9, 0)],
)
def test_fold_rows_gives_the_stacked_rows_factor(k, n, m, monkeypatch):
    # panels of 6 columns: several panels, a short last one and (k < n) the tail past r
    monkeypatch.setattr(ls, "FOLD_PANEL", 6)
    generator = torch.Generator().manual_seed(k + n + m)
    r = torch.linalg.qr(torch.randn(k, n, generator=generator, dtype=torch.float64)).R
    block = torch.randn(m, n, generator=generator, dtype=torch.float64)
    expected = _stacked(r, block)
    _same_factor(ls.fold_rows(r.clone(), block.clone()), expected)


def test_fold_rows_in_float32_and_its_shape_checks(monkeypatch):
    monkeypatch.setattr(ls, "FOLD_PANEL", 5)
    generator = torch.Generator().manual_seed(8)
    r = torch.linalg.qr(torch.randn(30, 30, generator=generator)).R
    block = torch.randn(11, 30, generator=generator)
    folded = ls.fold_rows(r.clone(), block.clone())
    assert folded.dtype == torch.float32
    expected = _stacked(r, block)
    signs = torch.sign(folded.diagonal()) * torch.sign(expected.diagonal())
    torch.testing.assert_close(signs[:, None] * folded, expected, rtol=0, atol=2e-5)
    with pytest.raises(ValueError, match="at most as many rows as columns"):
        ls.fold_rows(torch.zeros(5, 4), torch.zeros(2, 4))
    with pytest.raises(ValueError, match=r"block \(2, 3\)"):
        ls.fold_rows(torch.zeros(4, 4), torch.zeros(2, 3))


def test_fold_rows_with_zero_columns_keeps_identity_reflectors(monkeypatch):
    # a dead feature: a zero column in the factor and the new rows gives reflectors with
    # tau = 0, which must act as the identity, not as 1 / 0
    monkeypatch.setattr(ls, "FOLD_PANEL", 4)
    a = torch.from_numpy(zero_columns())[:60]
    r = torch.linalg.qr(a[:40]).R.clone()
    block = a[40:60].clone()
    folded = ls.fold_rows(r.clone(), block.clone())
    assert torch.isfinite(folded).all()
    _same_factor(folded, _stacked(r, block))
    assert folded[:, [0, 5, 17]].abs().max() == 0


def test_fold_rows_stacks_more_rows_than_the_factor_and_graphs_as_given():
    generator = torch.Generator().manual_seed(4)
    r = torch.linalg.qr(torch.randn(12, 12, generator=generator, dtype=torch.float64)).R
    block = torch.randn(30, 12, generator=generator, dtype=torch.float64)
    assert torch.equal(ls.fold_rows(r.clone(), block.clone()), _stacked(r, block))
    leaf = block[:5].clone().requires_grad_()
    folded = ls.fold_rows(r.clone(), leaf)
    assert folded.requires_grad and torch.equal(folded, _stacked(r, leaf))


@pytest.mark.parametrize("matrix", [full_rank(7, m=400, w=48), rank_121_of_128()])
def test_streamed_folds_in_panels_solve_as_the_whole_system(matrix, monkeypatch):
    monkeypatch.setattr(ls, "FOLD_PANEL", 16)
    b = rhs(matrix)
    whole = solve(matrix, b)
    w = matrix.shape[1]
    stream = StreamingLeastSquares(w)
    # a first chunk taller than the width, then three no taller than the factor (folded) and
    # a last one taller (stacked)
    bounds = [0, 2 * w, 2 * w + 5, 2 * w + 40, 2 * w + 40 + w, matrix.shape[0]]
    for start, stop in zip(bounds[:-1], bounds[1:], strict=True):
        stream.add(torch.from_numpy(matrix[start:stop]), torch.from_numpy(b[start:stop]))
    streamed = stream.solve()
    assert streamed.rank == whole.rank
    assert streamed.residual == pytest.approx(whole.residual, rel=1e-9)
    scale = whole.coefficients.abs().max()
    torch.testing.assert_close(streamed.coefficients, whole.coefficients, rtol=0, atol=1e-8 * scale)
