"""Rank-robust least squares for the last layer: ``min_c ||A c - b||_2``.

The basis matrix of a network is often rank deficient: dead ReLUs give zero columns, and
neurons whose cut planes miss the data give (nearly) collinear ones. Every method here
therefore

1. reduces ``[A | b]`` (m x (w+1)) to its triangular factor ``R_aug`` by Householder QR, chunk by
   chunk if needed (TSQR: ``R`` of ``[R_previous; chunk]``), so memory is
   O(chunk * w + w^2) and ``||[A | b] v|| = ||R_aug v||`` for every ``v``;
2. scales the columns of ``R = R_aug[:, :w]`` to unit 2-norm. Column norms of ``R`` equal those
   of ``A`` (``Q`` is orthonormal), and Householder QR is backward stable column by column, so
   this equals scaling ``A`` first. Zero columns keep scale 1 and are cut by the rank test;
3. solves the small scaled system ``R_s y = z`` (``z = R_aug[:, w]``) and unscales ``c``.

The solve of step 3 is

``"svd"`` (default)
    SVD of ``R_s``; singular values at or below ``rcond * sigma_max`` are cut and the
    minimum-norm solution is returned. Most robust; the SVD of a w x w matrix is the cost.
``"qr"``
    Householder QR with column pivoting (Businger-Golub) of ``R_s``: the rank is the number
    of pivots ``|r_kk| > rcond * |r_11|``, and the leading triangle is solved for the basic
    solution (coefficients of the dropped columns are 0). Unpivoted QR is *not* safe: its
    diagonal does not reveal rank, and a rank-121-of-128 basis gave coefficients of 1e9.
    ``condition`` is the pivot ratio ``|r_11| / |r_rr|``, an estimate.
``"tikhonov"``
    Cholesky of ``R_s^T R_s + lambda I``, ``lambda = tikhonov * sigma_max^2`` (``sigma_max``
    from power iteration). Fastest, but the normal equations square the condition number and
    lose digits on wide bases. ``rank`` counts nonzero columns; ``condition`` is
    ``max_i l_ii / min_i l_ii`` of the Cholesky factor ``L`` of the regularized Gram matrix, a
    lower bound of its ``sigma_max / sigma_min`` (which is at most ``tikhonov**-0.5``).

``torch.linalg.lstsq`` is not used: on CUDA it supports only full-rank ``gels``, and CPU and
CUDA should behave alike. Everything runs on the tensors' device; the only host syncs are the
final scalar results.
"""

from __future__ import annotations

import dataclasses
import warnings

import torch

from .errors import SettingsError, SolverError

__all__ = ["METHODS", "LeastSquaresResult", "StreamingLeastSquares", "least_squares"]

#: Solve methods by name.
METHODS: tuple[str, ...] = ("svd", "qr", "tikhonov")

_POWER_ITERATIONS = 30


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
    """

    coefficients: torch.Tensor
    rank: int
    condition: float
    residual: float


def least_squares(
    A: torch.Tensor,
    b: torch.Tensor,
    method: str = "svd",
    rcond: float | None = None,
    tikhonov: float = 1e-12,
) -> LeastSquaresResult:
    """Solve ``min_c ||A c - b||_2`` robustly, whatever the rank of ``A``.

    Parameters
    ----------
    A : (m, w) tensor
    b : (m,) tensor
    method : {"svd", "qr", "tikhonov"}
        See the module docstring.
    rcond : float, optional
        Relative cutoff of the rank test; default machine epsilon of the dtype times
        ``max(m, w)``.
    tikhonov : float
        Relative regularization of the ``"tikhonov"`` method.

    Returns
    -------
    LeastSquaresResult
        Never NaN for finite input, even for rank-deficient or all-zero ``A``.

    Raises
    ------
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
    """Least squares over row chunks (TSQR), in O(chunk * w + w^2) memory.

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
        method: str = "svd",
        rcond: float | None = None,
        tikhonov: float = 1e-12,
        dtype: torch.dtype = torch.float64,
        device: str | torch.device = "cpu",
    ) -> None:
        if method not in METHODS:
            raise SettingsError(
                f"least-squares method {method!r}; choose one of {', '.join(METHODS)}"
            )
        if isinstance(width, bool) or not isinstance(width, int) or width < 1:
            raise ValueError(f"width is {width!r}; it must be an integer >= 1")
        if rcond is not None and not rcond >= 0:
            raise SettingsError(f"rcond is {rcond!r}; it must be >= 0")
        if not tikhonov > 0:
            raise SettingsError(f"tikhonov is {tikhonov!r}; it must be > 0")
        self.width = width
        self.method = method
        self.rcond = rcond
        self.tikhonov = float(tikhonov)
        self.dtype = dtype
        self.device = torch.device(device)
        self.rows = 0
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
        block = torch.cat([A_chunk, b_chunk[:, None]], dim=1).to(self.dtype, self.device)
        stacked = torch.cat([self._r, block], dim=0)
        self._r = torch.linalg.qr(stacked, mode="r").R
        self.rows += A_chunk.shape[0]

    def solve(self) -> LeastSquaresResult:
        """Solve with every row added so far; may be called again after more ``add``."""
        w = self.width
        r_aug = self._r
        if r_aug.shape[0] == 0:
            zeros = torch.zeros(w, dtype=self.dtype, device=self.device)
            return LeastSquaresResult(zeros, 0, float("inf"), 0.0)
        if not bool(torch.isfinite(r_aug).all()):
            raise SolverError("the least-squares system contains NaN or Inf")
        r, z = r_aug[:, :w], r_aug[:, w]
        norms = r.norm(dim=0)
        col_scale = torch.where(norms > 0, norms, torch.ones_like(norms))
        r_scaled = r / col_scale
        rcond = self.rcond
        if rcond is None:
            rcond = torch.finfo(self.dtype).eps * max(self.rows, w)
        if self.method == "svd":
            y, rank, condition = _solve_svd(r_scaled, z, rcond)
        elif self.method == "qr":
            y, rank, condition = _solve_pivoted_qr(r_scaled, z, rcond)
        else:
            solved = _solve_tikhonov(r_scaled, z, self.tikhonov)
            if solved is None:
                warnings.warn(
                    "Tikhonov least squares: Cholesky failed; falling back to the SVD solve",
                    RuntimeWarning,
                    stacklevel=2,
                )
                y, rank, condition = _solve_svd(r_scaled, z, rcond)
            else:
                y, rank, condition = solved
        c = y / col_scale
        residual = (r @ c - z).norm()
        return LeastSquaresResult(c, int(rank), float(condition), float(residual))


def _solve_svd(
    r: torch.Tensor, z: torch.Tensor, rcond: float
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
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


def _solve_pivoted_qr(
    r: torch.Tensor, z: torch.Tensor, rcond: float
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    rows, cols = r.shape
    a = r.clone()
    rhs = z.clone()
    perm = torch.arange(cols, device=r.device)
    steps = min(rows, cols)
    for j in range(steps):
        # Pivot: bring the trailing column of largest norm to position j. The index stays a
        # tensor so that the loop never waits for the device.
        pivot = a[j:, j:].norm(dim=0).argmax() + j
        swap = torch.arange(cols, device=r.device)
        swap[j] = pivot
        swap[pivot] = j
        a = a[:, swap]
        perm = perm[swap]
        # Householder reflection H = I - 2 v v^T mapping a[j:, j] onto a multiple of e_1.
        x = a[j:, j]
        x_norm = x.norm()
        sign = torch.where(x[0] >= 0, 1.0, -1.0).to(x.dtype)
        v = x.clone()
        v[0] = v[0] + sign * x_norm
        v_norm = v.norm()
        v = torch.where(v_norm > 0, v / torch.where(v_norm > 0, v_norm, 1.0), torch.zeros_like(v))
        a[j:, j:] -= 2.0 * torch.outer(v, v @ a[j:, j:])
        rhs[j:] -= 2.0 * v * (v @ rhs[j:])
    diag = a.diagonal()[:steps].abs()
    # Pivoting makes |r_kk| non-increasing in exact arithmetic; the rank is the length of the
    # leading run above the cutoff, which stays robust if rounding breaks monotonicity.
    above = diag > rcond * diag[:1].clamp_min(0)
    rank = above.to(torch.int64).cumprod(dim=0).sum()
    keep = torch.arange(steps, device=r.device) < rank
    # Solve the leading rank x rank triangle by padding the rest with identity, which keeps
    # shapes static and leaves the dropped unknowns at 0.
    tri = a[:steps, :steps].triu()
    eye = torch.eye(steps, dtype=r.dtype, device=r.device)
    mask = keep[:, None] & keep[None, :]
    tri = torch.where(mask, tri, eye)
    y_lead = torch.linalg.solve_triangular(
        tri, torch.where(keep, rhs[:steps], 0.0)[:, None], upper=True
    )[:, 0]
    y_perm = torch.zeros(cols, dtype=r.dtype, device=r.device)
    y_perm[:steps] = y_lead
    y = torch.zeros_like(y_perm)
    y[perm] = y_perm
    kept_min = torch.where(keep, diag, torch.full_like(diag, float("inf"))).min()
    condition = torch.where(rank > 0, diag[0] / kept_min, float("inf"))
    return y, rank, condition


def _solve_tikhonov(
    r: torch.Tensor, z: torch.Tensor, tikhonov: float
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor] | None:
    cols = r.shape[1]
    gram = r.mT @ r
    # Power iteration for sigma_max^2 = ||gram||_2; columns have unit norm, so the largest
    # diagonal entry is a lower bound that guards a start vector orthogonal to the top mode.
    vec = torch.ones(cols, dtype=r.dtype, device=r.device) / cols**0.5
    estimate = gram.diagonal().max()
    for _ in range(_POWER_ITERATIONS):
        nxt = gram @ vec
        norm = nxt.norm()
        estimate = torch.maximum(estimate, norm)
        vec = nxt / torch.where(norm > 0, norm, 1.0)
    nonzero = gram.diagonal() > 0
    if not bool(estimate > 0):
        zeros = torch.zeros(cols, dtype=r.dtype, device=r.device)
        return zeros, torch.tensor(0), torch.tensor(float("inf"))
    lam = tikhonov * estimate
    chol, info = torch.linalg.cholesky_ex(
        gram + lam * torch.eye(cols, dtype=r.dtype, device=r.device)
    )
    if int(info) != 0:
        return None
    y = torch.cholesky_solve((r.mT @ z)[:, None], chol)[:, 0]
    diag = chol.diagonal()
    condition = diag.max() / diag.min()
    return y, nonzero.sum(), condition
