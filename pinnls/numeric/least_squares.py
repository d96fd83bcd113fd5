"""Rank-robust least squares for the last layer: ``min_c ||A c - b||_2``.

The basis matrix of a network is often rank deficient: dead ReLUs give zero columns, and
neurons whose cut planes miss the data give (nearly) collinear ones. The ``"svd"`` and ``"qr"``
methods therefore

1. reduce ``[A | b]`` (m x (w+1)) to its triangular factor ``R_aug`` by Householder QR, chunk by
   chunk if needed (TSQR: ``R`` of ``[R_previous; chunk]``, a chunk no taller than the factor
   folded in panel by panel by :func:`fold_rows`), so memory is
   O(chunk * w + w^2) and ``||[A | b] v|| = ||R_aug v||`` for every ``v``;
2. scale the columns of ``R = R_aug[:, :w]`` to unit 2-norm. Column norms of ``R`` equal those
   of ``A`` (``Q`` is orthonormal), and Householder QR is backward stable column by column, so
   this equals scaling ``A`` first. Zero columns keep scale 1 and are cut by the rank test;
3. solve the small scaled system ``R_s y = z`` (``z = R_aug[:, w]``) and unscale ``c``.

Step 3 is

``"cod"`` (default)
    LAPACK's complete orthogonal decomposition of ``R_s`` (``xGELSY``, through scipy, on the
    host): column-pivoted QR, the rank chosen by incremental condition estimation (the largest
    leading triangle whose estimated 2-norm condition is below ``1 / rcond``), then an RZ
    factorization of the kept rows for the minimum-norm solution. On tanh bases of width 1024
    to 2048 it matched the SVD's error (within 2x either way, on smooth fits where both reach
    1e-4 to 1e-6) in about a third of its time (docs/benchmarks.md). ``condition`` is LAPACK's
    1-norm estimate for the kept triangle (``xTRCON``), within a factor ``rank`` of the 2-norm
    value. Where the triangle is clearly of full rank (``sqrt(kappa_1 kappa_inf)``, an upper
    bound of its 2-norm condition, from the norms of its inverse, is below
    ``1 / (3 rcond)``), xGELSY would keep every column and give the unique solution: back
    substitution in the triangle gives it without the column-pivoted QR, 5x the cost of an
    unpivoted one (``_full_rank_solve``; ``condition`` is then the whole triangle's 1-norm
    condition, computed). The triangle travels to the host and back (w^2 numbers), so CPU
    and CUDA solve alike; scipy's BLAS threads follow ``torch.get_num_threads()``.
``"svd"``
    SVD of ``R_s``; singular values at or below ``rcond * sigma_max`` are cut and the
    minimum-norm solution is returned. The reference; the SVD of a w x w matrix costs about
    three times the ``"cod"`` step, which on wide bases is as much as the QR of all rows.
``"qr"``
    Householder QR with column pivoting (Businger-Golub) of ``R_s``: the rank is the number
    of pivots ``|r_kk| > rcond * |r_11|``, and the leading triangle is solved for the basic
    solution (coefficients of the dropped columns are 0). Unpivoted QR is *not* safe: its
    diagonal does not reveal rank, and a rank-121-of-128 basis gave coefficients of 1e9.
    ``condition`` is the pivot ratio ``|r_11| / |r_rr|``, an estimate.

``"tikhonov"`` skips the QR reduction: it accumulates the Gram matrix ``G = A^T A``, ``A^T b``
and ``b^T b`` chunk by chunk (one matrix product, several times faster than QR for tall
systems), scales ``G`` to unit diagonal, and solves ``(G_s + lambda I) y = A_s^T b`` by
Cholesky with ``lambda = tikhonov * sigma_max^2`` (``sigma_max^2 = ||G_s||_2`` from power
iteration). If rounding makes the Cholesky fail, lambda grows 100-fold (with a warning) until
it succeeds. The normal equations square the condition number, so this loses digits on wide or
ill-conditioned bases, and ``residual`` (from ``c^T G c - 2 c^T A^T b + b^T b``) is only
accurate to about ``sqrt(eps) ||b||``. ``rank`` counts the nonzero columns; ``condition`` is
``max_i l_ii / min_i l_ii`` of the Cholesky factor, a lower bound of the regularized system's
``sigma_max / sigma_min`` (itself at most about ``tikhonov**-0.5``).

``torch.linalg.lstsq`` is not used: on CUDA it supports only full-rank ``gels``, and CPU and
CUDA should behave alike. Everything but ``"cod"``'s small step runs on the tensors' device; the
only other host syncs are the final scalar results.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import torch

from pinnls.errors import SettingsError, SolverError, warn
from pinnls.registry import LEAST_SQUARES

__all__ = [
    "FOLD_PANEL",
    "LeastSquaresResult",
    "StreamingLeastSquares",
    "fold_rows",
    "least_squares",
]

_POWER_ITERATIONS = 30
_CHOLESKY_RETRIES = 8


@dataclasses.dataclass(frozen=True)
class LeastSquaresResult:
    """The solution of a least-squares solve and how trustworthy it is.

    Attributes
    ----------
    coefficients : (w,) tensor
        The solution ``c``, on the system's device and dtype.
    rank : int
        Numerical rank kept by the solve.
    condition : float
        ``sigma_max / sigma_min_kept`` of the column-scaled system (an estimate for ``"qr"``
        and ``"tikhonov"``); ``inf`` when the rank is 0.
    residual : float
        ``||A c - b||_2``.
    columns : int or None
        The columns the solve had, where they are fewer than ``c``'s entries (a system's plane
        waves solved one column each, :mod:`pinnls.numeric.waves`); None: ``c``'s entries.
    """

    coefficients: torch.Tensor
    rank: int
    condition: float
    residual: float
    columns: int | None = None


def least_squares(
    A: torch.Tensor,
    b: torch.Tensor,
    method: str = "cod",
    rcond: float | None = None,
    tikhonov: float = 1e-12,
) -> LeastSquaresResult:
    """Solve ``min_c ||A c - b||_2`` robustly, whatever the rank of ``A``.

    Parameters
    ----------
    A : (m, w) tensor
    b : (m,) tensor
    method : {"cod", "svd", "qr", "tikhonov"}
        A name of :data:`pinnls.registry.LEAST_SQUARES`; see the module docstring.
    rcond : float, optional
        Relative cutoff of the rank test; default machine epsilon of the dtype times ``w``.
    tikhonov : float
        Relative regularization of the ``"tikhonov"`` method.

    Returns
    -------
    LeastSquaresResult
        Never NaN for finite input, even for rank-deficient or all-zero ``A``.

    Raises
    ------
    SettingsError
        For an unknown ``method`` (the message lists the choices), or a bad ``rcond`` or
        ``tikhonov``.
    SolverError
        If ``A`` or ``b`` contains NaN or Inf.
    """
    if A.ndim != 2:
        raise ValueError(f"A must have shape (m, w), got {tuple(A.shape)}")
    solver = StreamingLeastSquares(
        A.shape[1], method=method, rcond=rcond, tikhonov=tikhonov, dtype=A.dtype, device=A.device
    )
    solver.add(A, b)
    return solver.solve()


class StreamingLeastSquares:
    """Least squares over row chunks (TSQR, or Gram accumulation for ``"tikhonov"``).

    Memory is O(chunk * w + w^2), whatever the total number of rows.

    Parameters
    ----------
    width : int
        Number of unknowns w (columns of ``A``).
    method, rcond, tikhonov
        As in :func:`least_squares`.
    dtype : torch.dtype
    device : str or torch.device

    Examples
    --------
    >>> solver = StreamingLeastSquares(3)
    >>> for A_chunk, b_chunk in chunks:  # doctest: +SKIP
    ...     solver.add(A_chunk, b_chunk)
    >>> result = solver.solve()  # doctest: +SKIP
    """

    def __init__(
        self,
        width: int,
        method: str = "cod",
        rcond: float | None = None,
        tikhonov: float = 1e-12,
        dtype: torch.dtype = torch.float64,
        device: str | torch.device = "cpu",
    ) -> None:
        entry = LEAST_SQUARES.get(method)
        if isinstance(width, bool) or not isinstance(width, int) or width < 1:
            raise ValueError(f"width is {width!r}; it must be an integer >= 1")
        if rcond is not None and not rcond >= 0:
            raise SettingsError(f"rcond is {rcond!r}; it must be >= 0")
        if not tikhonov > 0:
            raise SettingsError(f"tikhonov is {tikhonov!r}; it must be > 0")
        self.width = width
        self.method = method
        self._normal_equations = entry.normal_equations
        self._solve_small = entry.load()
        self.rcond = rcond
        self.tikhonov = float(tikhonov)
        self.dtype = dtype
        self.device = torch.device(device)
        self.rows = 0
        if self._normal_equations:
            # [A | b]^T [A | b]: G, A^T b and b^T b in one (w+1) x (w+1) matrix.
            self._gram = torch.zeros(width + 1, width + 1, dtype=dtype, device=self.device)
        else:
            # R of [A | b] so far: at most w + 1 rows, upper trapezoidal.
            self._r = torch.zeros(0, width + 1, dtype=dtype, device=self.device)

    def add(self, A_chunk: torch.Tensor, b_chunk: torch.Tensor) -> None:
        """Fold rows into the factorization.

        Parameters
        ----------
        A_chunk : (m_i, w) tensor
        b_chunk : (m_i,) tensor
        """
        if A_chunk.ndim != 2 or A_chunk.shape[1] != self.width:
            raise ValueError(
                f"A_chunk must have shape (m, {self.width}), got {tuple(A_chunk.shape)}"
            )
        if b_chunk.shape != (A_chunk.shape[0],):
            raise ValueError(
                f"b_chunk must have shape ({A_chunk.shape[0]},), got {tuple(b_chunk.shape)}"
            )
        if A_chunk.shape[0] == 0:
            return
        block = torch.cat(
            [
                A_chunk.to(device=self.device, dtype=self.dtype),
                b_chunk.to(device=self.device, dtype=self.dtype)[:, None],
            ],
            dim=1,
        )
        if self._normal_equations:
            self._gram += block.mT @ block
        elif self._r.shape[0] == 0:
            # the first chunk alone: no copy of it below an empty factor
            self._r = torch.linalg.qr(block, mode="r").R
        else:
            self._r = fold_rows(self._r, block)
        self.rows += A_chunk.shape[0]

    def combine(self, group=None) -> None:
        """Fold in the rows that the other processes of a ``torch.distributed`` group added.

        Every process of ``group`` (default: the default group) must call this at the same
        point, each having added its own rows. The triangular factors (``"svd"``, ``"qr"``) are
        padded to ``(w + 1) x (w + 1)``, gathered with ``all_gather`` and folded into one in
        rank order (:func:`fold_rows`) on every process, so every process holds the same
        factor of all rows (``||[A | b] v||^2`` is the sum over processes); the Gram matrices
        (``"tikhonov"``) are summed with ``all_reduce``. The row count becomes the total.
        Afterwards :meth:`solve` solves the whole system. A group of one process, or no
        initialized group, leaves the solver as it is.

        Parameters
        ----------
        group : torch.distributed.ProcessGroup, optional
        """
        import torch.distributed as dist

        if not dist.is_available() or not dist.is_initialized():
            return
        world = dist.get_world_size(group)
        if world == 1:
            return
        count = torch.tensor([self.rows], dtype=torch.int64, device=self.device)
        dist.all_reduce(count, group=group)
        self.rows = int(count)
        if self._normal_equations:
            dist.all_reduce(self._gram, group=group)
            return
        size = self.width + 1
        padded = torch.zeros(size, size, dtype=self.dtype, device=self.device)
        padded[: self._r.shape[0]] = self._r
        factors = [torch.empty_like(padded) for _ in range(world)]
        dist.all_gather(factors, padded, group=group)
        # in rank order, so that every process folds the same rows the same way; the first
        # padded factor is already triangular
        r = factors[0]
        for factor in factors[1:]:
            r = fold_rows(r, factor)
        self._r = r

    def solve(self) -> LeastSquaresResult:
        """Solve with every row added so far; may be called again after more ``add``.

        Raises
        ------
        SolverError
            If the rows added contain NaN or Inf.
        """
        if self.rows == 0:
            zeros = torch.zeros(self.width, dtype=self.dtype, device=self.device)
            return LeastSquaresResult(zeros, 0, float("inf"), 0.0)
        if self._normal_equations:
            return self._solve_gram()
        w = self.width
        r_aug = self._r
        if not bool(torch.isfinite(r_aug).all()):
            raise SolverError("the least-squares system contains NaN or Inf")
        r, z = r_aug[:, :w], r_aug[:, w]
        col_scale = _column_scale(r.norm(dim=0))
        r_scaled = r / col_scale
        rcond = self.rcond
        if rcond is None:
            # eps * w, not numpy's eps * max(m, w): the cutoff judges the singular values of
            # the w x w factor R, which TSQR computes to about eps * w relative whatever m is.
            # With m = 1e5 rows in float32, eps * m = 0.012 cut 100 of 257 columns and left
            # rel L2 0.63 where eps * w gave 0.19, the float64 value.
            rcond = torch.finfo(self.dtype).eps * w
        y, rank, condition = self._solve_small(r_scaled, z, rcond)
        c = y / col_scale
        residual = (r @ c - z).norm()
        return LeastSquaresResult(c, int(rank), float(condition), float(residual))

    def _solve_gram(self) -> LeastSquaresResult:
        w = self.width
        full = self._gram
        if not bool(torch.isfinite(full).all()):
            raise SolverError("the least-squares system contains NaN or Inf")
        gram, atb, btb = full[:w, :w], full[:w, w], full[w, w]
        col_scale = _column_scale(gram.diagonal().clamp_min(0).sqrt())
        gram_s = gram / col_scale[:, None] / col_scale[None, :]
        atb_s = atb / col_scale
        y, rank, condition = self._solve_small(gram_s, atb_s, self.tikhonov)
        c = y / col_scale
        residual_sq = c @ (gram @ c) - 2 * (c @ atb) + btb
        residual = residual_sq.clamp_min(0).sqrt()
        return LeastSquaresResult(c, int(rank), float(condition), float(residual))


#: Columns per panel of :func:`fold_rows`: wide enough that its two products per panel run
#: near the speed of a matrix product, narrow enough that the panel's own QR stays cheap.
FOLD_PANEL = 256


def fold_rows(r: torch.Tensor, block: torch.Tensor) -> torch.Tensor:
    """The triangular factor of ``[r; block]``, computed without treating ``r``'s zeros as rows.

    TSQR folds each chunk into the factor of the rows before it. A QR of the stacked rows
    costs about ``2 (k + m) n^2`` for a factor of ``k`` rows, ``m`` new rows and ``n``
    columns; Householder reflections that use ``r``'s triangle (LAPACK's xTPQRT, which torch
    does not expose) cost about ``2 m n^2``. On the project's VM (one thread, float64, n =
    4353; docs/benchmarks.md section 69) folding 1,935 rows took 2.46 s this way against 4.90
    s by the stacked QR, and 5.09 s against 6.90 s for 4,353 rows; with 8,000 rows below 2,049
    columns the stacked QR was a little faster (2.15 against 2.24 s): LAPACK's own blocking
    beats two products per panel once the new rows outnumber the factor's. So the rows are
    folded panel by panel only where ``m <= k``, else stacked (and where either input carries
    autograd's graph, which the in-place updates would break). Either way the result is a
    triangular factor of the same rows: ``||[r; block] v|| = ||R v||`` for every ``v``, up to
    rounding, with the signs of its rows free as with any QR.

    Each panel of :data:`FOLD_PANEL` columns ``j0:j1`` is factored from ``r``'s diagonal
    block and the new rows' columns (``torch.geqrf``: ``r``'s zeros below its diagonal stay
    zero under the reflections, so the panel's reflectors touch only those rows); its
    reflectors ``I - V T V^T`` (``T`` from ``T^{-1} = diag(1/tau) + striu(V^T V)``) update the
    columns to the right in place, in two matrix products. Where ``r`` has fewer rows than
    columns, the new rows' columns past ``r``'s last row are then factored as they stand.

    Parameters
    ----------
    r : (k, n) tensor
        Upper trapezoidal (zero below the diagonal), ``k <= n``. May be overwritten, and
        returned where ``k == n``: pass a tensor the caller owns.
    block : (m, n) tensor
        The new rows. May be overwritten.

    Returns
    -------
    (min(k + m, n), n) tensor
        Upper trapezoidal.
    """
    k, n = r.shape
    m = block.shape[0]
    if k > n or block.shape[1] != n:
        raise ValueError(
            f"fold_rows needs a factor of at most as many rows as columns and rows of as many "
            f"columns; got r {tuple(r.shape)} and block {tuple(block.shape)}"
        )
    if m > k or r.requires_grad or block.requires_grad:
        return torch.linalg.qr(torch.cat([r, block], dim=0), mode="r").R
    return _fold_panels(r, block)


def _fold_panels(r: torch.Tensor, block: torch.Tensor) -> torch.Tensor:
    """:func:`fold_rows`' panel by panel path, whatever the number of new rows."""
    k, n = r.shape
    for j0 in range(0, k, FOLD_PANEL):
        j1 = min(j0 + FOLD_PANEL, k)
        q = j1 - j0
        factored, tau = torch.geqrf(torch.cat([r[j0:j1, j0:j1], block[:, j0:j1]], dim=0))
        r[j0:j1, j0:j1] = factored[:q].triu()
        if j1 == n:
            break
        eye = torch.eye(q, dtype=r.dtype, device=r.device)
        top = factored[:q].tril(-1) + eye
        low = factored[q:]
        # a reflector with tau = 0 is the identity: a zero vector says so in V T V^T
        kept = tau != 0
        top, low = top * kept, low * kept
        inverse = torch.where(kept, 1 / torch.where(kept, tau, 1), 1).diag_embed()
        inverse = inverse + (top.mT @ top + low.mT @ low).triu(1)
        t = torch.linalg.solve_triangular(inverse, eye, upper=True)
        right, below = r[j0:j1, j1:], block[:, j1:]
        w = t.mT @ (top.mT @ right + low.mT @ below)
        right -= top @ w
        below -= low @ w
    if k < n:
        tail = torch.linalg.qr(block[:, k:], mode="r").R
        r = torch.cat([r, torch.cat([r.new_zeros(tail.shape[0], k), tail], dim=1)], dim=0)
    return r


def _column_scale(norms: torch.Tensor) -> torch.Tensor:
    # Zero columns keep scale 1: they stay zero and the rank test (or lambda) removes them.
    return torch.where(norms > 0, norms, torch.ones_like(norms))


def solve_svd(
    r: torch.Tensor, z: torch.Tensor, rcond: float
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Minimum-norm solution of the small system ``r y = z`` with an SVD cutoff.

    Parameters
    ----------
    r : (k, w) tensor
        The column-scaled triangular factor, ``k <= w + 1``.
    z : (k,) tensor
    rcond : float
        Singular values at or below ``rcond * sigma_max`` are cut.

    Returns
    -------
    y : (w,) tensor
    rank : () int tensor
    condition : () tensor
        ``sigma_max / sigma_min_kept``; ``inf`` when the rank is 0.
    """
    u, s, vh = torch.linalg.svd(r, full_matrices=False)
    s_max = s.max()
    keep = s > rcond * s_max
    # where() rather than boolean indexing keeps shapes static (no host sync) and 1/0 out.
    s_inv = torch.where(keep, 1.0 / torch.where(keep, s, torch.ones_like(s)), torch.zeros_like(s))
    y = vh.mT @ (s_inv * (u.mT @ z))
    rank = keep.sum()
    s_min_kept = torch.where(keep, s, torch.full_like(s, float("inf"))).min()
    condition = torch.where(rank > 0, s_max / s_min_kept, float("inf"))
    return y, rank, condition


def solve_cod(
    r: torch.Tensor, z: torch.Tensor, rcond: float
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Minimum-norm solution of ``r y = z`` by LAPACK's complete orthogonal decomposition.

    ``xGELSY``: column-pivoted QR, the rank by incremental condition estimation, then RZ of
    the kept rows; or, where the triangle is clearly of full rank, back substitution in it
    (:func:`_full_rank_solve`: the same solution). Runs on the host in the tensors'
    precision (float32 or float64).

    Parameters
    ----------
    r : (k, w) tensor
        The column-scaled triangular factor.
    z : (k,) tensor
    rcond : float
        The kept leading triangle's estimated condition stays below ``1 / rcond``.

    Returns
    -------
    y : (w,) tensor
        On the device and dtype of ``r``.
    rank : () int tensor
    condition : () tensor
        ``1 / xTRCON`` of the kept triangle (a 1-norm estimate), or on the fast path the
        whole triangle's 1-norm condition; ``inf`` when the rank is 0.
    """
    from scipy.linalg import get_lapack_funcs

    rows, cols = r.shape
    a = np.asfortranarray(r.detach().cpu().numpy())
    gelsy, trcon = get_lapack_funcs(("gelsy", "trcon"), (a,))
    with _blas_threads(torch.get_num_threads()):
        clear = _full_rank_solve(a, z.detach().cpu().numpy(), rcond)
    if clear is not None:
        y, condition = clear
        return (
            torch.from_numpy(y).to(r.device),
            torch.tensor(cols),
            torch.tensor(condition, dtype=r.dtype),
        )
    # xGELSY overwrites its right-hand side with the solution, so it needs max(rows, cols) rows.
    rhs = np.zeros((max(rows, cols), 1), dtype=a.dtype)
    rhs[:rows, 0] = z.detach().cpu().numpy()
    pivots = np.zeros(cols, dtype=np.int32)  # 0: every column is free to move
    with _blas_threads(torch.get_num_threads()):
        factor, solution, _, rank, info = gelsy(a, rhs, pivots, rcond, lwork=_gelsy_work(a))
        if info != 0:  # only for an illegal argument, which would be a bug here
            raise SolverError(f"LAPACK xGELSY failed (info {info})")
        if rank == 0:
            condition = float("inf")
        else:
            inverse, _ = trcon(factor[:rank, :rank], norm="1", uplo="U", diag="N")
            condition = 1.0 / inverse if inverse > 0 else float("inf")
    y = torch.from_numpy(np.ascontiguousarray(solution[:cols, 0])).to(r.device)
    return y, torch.tensor(int(rank)), torch.tensor(condition, dtype=r.dtype)


#: The fast path of ``"cod"`` (:func:`_full_rank_solve`) is taken where this many times the
#: bound ``sqrt(kappa_1 kappa_inf)`` of the triangle's 2-norm condition stays below
#: ``1 / rcond``: room for the rounding of the inverse that the norms are read from.
CLEAR_MARGIN = 3.0


def _full_rank_solve(a, z, rcond: float):
    """``(y, condition)`` of the triangle ``a`` where it is clearly of full rank, else None.

    xGELSY keeps every column when the 2-norm condition of the pivoted triangle is below
    ``1 / rcond`` (its incremental estimates are lower bounds, and a leading triangle of
    columns is no worse conditioned than the whole), and the pivoting leaves the singular
    values as they are. ``kappa_2 <= sqrt(kappa_1 kappa_inf)`` (Hoelder's inequality for the
    matrix and its inverse), with the 1- and inf-norms of the inverse computed, not estimated
    (xTRTRI, w^3 / 3 products in matrix-matrix form: xTRCON's estimates are lower bounds, which
    a triangle built against its probe vectors read 8,000x low, docs/benchmarks.md section 64);
    where :data:`CLEAR_MARGIN` times that bound is below ``1 / rcond``, the least-squares
    solution is unique and back substitution in the unpivoted triangle gives it, backward
    stable as the COD is, without the column-pivoted QR, whose matrix-vector half made it 5x
    slower than an unpivoted QR of the same triangle (15.7 s of a 69.0 s stage at width 4352 on
    one core, section 64).

    Parameters
    ----------
    a : (k, w) ndarray, Fortran order
        The column-scaled factor; used where ``k >= w`` and the rows below the top ``w x w``
        triangle are zero (TSQR's factor of ``[A | b]`` less its last column has one such row).
    z : (k,) ndarray
    rcond : float

    Returns
    -------
    (y, condition) or None
        ``y`` (w,) and the triangle's 1-norm condition ``||T||_1 ||T^-1||_1``.
    """
    from scipy.linalg import get_lapack_funcs

    rows, cols = a.shape
    if cols == 0 or rows < cols or np.any(a[cols:]):
        return None
    top = np.triu(a[:cols])
    diagonal = np.diagonal(top)
    if not np.all(np.isfinite(top)) or not np.all(diagonal != 0):
        return None
    # The diagonal of a triangle holds its eigenvalues, so its 2-norm condition is at least
    # max |t_ii| / min |t_ii|: where that ratio alone fails the test below, the inverse (w^3 / 3
    # products, 0.6 s of a 7-second stage at width 2048 whose triangle xGELSY then cut to 1,134
    # of 2,049 columns) would be computed only to be thrown away.
    magnitude = np.abs(diagonal)
    if not CLEAR_MARGIN * rcond * (float(magnitude.max()) / float(magnitude.min())) < 1:
        return None
    trtri, trtrs = get_lapack_funcs(("trtri", "trtrs"), (top,))
    inverse, info = trtri(top, lower=0)
    if info != 0:
        return None
    inverse = np.abs(np.triu(inverse))
    if not np.all(np.isfinite(inverse)):
        return None
    size = np.abs(top)
    one = float(size.sum(axis=0).max()) * float(inverse.sum(axis=0).max())
    infinity = float(size.sum(axis=1).max()) * float(inverse.sum(axis=1).max())
    # Python floats; "not <" also sends a NaN (rcond NaN, or 0 times an infinite margin) on
    bound = math.sqrt(one) * math.sqrt(infinity)
    if not CLEAR_MARGIN * rcond * bound < 1:
        return None
    y, info = trtrs(top, z[:cols], lower=0)
    if info != 0 or not np.all(np.isfinite(y)):
        return None
    return np.ascontiguousarray(y), one


def _gelsy_work(a) -> int:
    # The blocked QR and RZ want about (block size) * n workspace; 64 is LAPACK's usual block.
    rows, cols = a.shape
    return max(1, 3 * cols + 64 * (cols + 1), 2 * min(rows, cols) + max(rows, cols, 1))


_CONTROLLER = None


def _blas_threads(count: int):
    """Limit scipy's BLAS to ``count`` threads while solving, as torch is limited: a run
    with ``--threads 1`` (or one core per process under ``--nproc``) must not spread."""
    global _CONTROLLER
    from threadpoolctl import ThreadpoolController

    if _CONTROLLER is None:
        _CONTROLLER = ThreadpoolController()
    return _CONTROLLER.limit(limits=count, user_api="blas")


def solve_pivoted_qr(
    r: torch.Tensor, z: torch.Tensor, rcond: float
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Basic solution of the small system ``r y = z`` by column-pivoted Householder QR.

    Parameters
    ----------
    r : (k, w) tensor
        The column-scaled triangular factor.
    z : (k,) tensor
    rcond : float
        Pivots ``|r_kk| <= rcond * |r_11|`` end the rank.

    Returns
    -------
    y : (w,) tensor
        Zero on the dropped columns.
    rank : () int tensor
    condition : () tensor
        The pivot ratio ``|r_11| / |r_rr|``, an estimate; ``inf`` when the rank is 0.
    """
    rows, cols = r.shape
    a = r.clone()
    rhs = z.clone()
    perm = torch.arange(cols, device=r.device)
    steps = min(rows, cols)
    for j in range(steps):
        # Pivot: bring the trailing column of largest norm to position j. The index stays a
        # tensor so that the loop never waits for the device.
        pivot = a[j:, j:].norm(dim=0).argmax() + j
        pair = torch.stack([torch.tensor(j, device=r.device), pivot])
        a[:, pair] = a[:, pair.flip(0)]
        perm[pair] = perm[pair.flip(0)]
        # Householder reflection H = I - 2 v v^T mapping a[j:, j] onto a multiple of e_1.
        x = a[j:, j]
        v = x.clone()
        v[0] = v[0] + torch.where(x[0] >= 0, 1.0, -1.0).to(x.dtype) * x.norm()
        v_norm = v.norm()
        v = v / torch.where(v_norm > 0, v_norm, 1.0)
        a[j:, j:] -= 2.0 * torch.outer(v, v @ a[j:, j:])
        rhs[j:] -= 2.0 * v * (v @ rhs[j:])
    diag = a.diagonal()[:steps].abs()
    # Pivoting makes |r_kk| non-increasing in exact arithmetic; the rank is the length of the
    # leading run above the cutoff, which stays right if rounding breaks monotonicity.
    above = diag > rcond * diag[0]
    rank = above.to(torch.int64).cumprod(dim=0).sum()
    keep = torch.arange(steps, device=r.device) < rank
    # Solve the leading rank x rank triangle by padding the rest with identity, which keeps
    # shapes static and leaves the dropped unknowns at 0.
    eye = torch.eye(steps, dtype=r.dtype, device=r.device)
    tri = torch.where(keep[:, None] & keep[None, :], a[:steps, :steps].triu(), eye)
    lead = torch.where(keep, rhs[:steps], 0.0)
    y_lead = torch.linalg.solve_triangular(tri, lead[:, None], upper=True)[:, 0]
    y = torch.zeros(cols, dtype=r.dtype, device=r.device)
    y[perm[:steps]] = y_lead
    kept_min = torch.where(keep, diag, torch.full_like(diag, float("inf"))).min()
    condition = torch.where(rank > 0, diag[0] / kept_min, float("inf"))
    return y, rank, condition


def solve_tikhonov(
    gram: torch.Tensor, rhs: torch.Tensor, tikhonov: float
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Solve ``(gram + lambda I) y = rhs`` by Cholesky, ``lambda = tikhonov * ||gram||_2``.

    Parameters
    ----------
    gram : (w, w) tensor
        The column-scaled Gram matrix (unit diagonal on nonzero columns).
    rhs : (w,) tensor
    tikhonov : float
        The relative regularization; grown 100-fold (with a warning) while Cholesky fails.

    Returns
    -------
    y : (w,) tensor
    rank : () int tensor
        The number of nonzero columns.
    condition : () tensor
        ``max l_ii / min l_ii`` of the Cholesky factor.
    """
    cols = gram.shape[0]
    nonzero = gram.diagonal() > 0
    # Power iteration for ||gram||_2 = sigma_max^2. The diagonal is 1 on nonzero columns, a
    # lower bound that covers a start vector orthogonal to the top eigenvector.
    estimate = gram.diagonal().max()
    vec = torch.ones(cols, dtype=gram.dtype, device=gram.device) / cols**0.5
    for _ in range(_POWER_ITERATIONS):
        nxt = gram @ vec
        norm = nxt.norm()
        estimate = torch.maximum(estimate, norm)
        vec = nxt / torch.where(norm > 0, norm, 1.0)
    if not bool(estimate > 0):
        zeros = torch.zeros(cols, dtype=gram.dtype, device=gram.device)
        return zeros, torch.tensor(0), torch.tensor(float("inf"))
    eye = torch.eye(cols, dtype=gram.dtype, device=gram.device)
    relative = tikhonov
    for _ in range(_CHOLESKY_RETRIES):
        chol, info = torch.linalg.cholesky_ex(gram + relative * estimate * eye)
        if int(info) == 0:
            break
        relative *= 100.0
    else:
        raise SolverError("Tikhonov least squares: Cholesky failed for every lambda tried")
    if relative != tikhonov:
        warn(
            f"Tikhonov least squares: lambda {tikhonov:g} * sigma_max^2 is below rounding "
            f"level; used {relative:g} * sigma_max^2",
            RuntimeWarning,
        )
    y = torch.cholesky_solve(rhs[:, None], chol)[:, 0]
    diag = chol.diagonal()
    return y, nonzero.sum(), diag.max() / diag.min()
