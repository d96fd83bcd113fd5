"""A stage's least squares two ways: the library's TSQR and COD, against a sketch that
preconditions LSQR.

Each case runs one stage of the automatic strategy with every setting given (the width, the
steepness, per-axis factors and aligned features that the default run chose for the file,
docs/benchmarks.md section 66), twice in one process: ``direct``: the library's path
(:class:`pinnls.numeric.least_squares.StreamingLeastSquares`: the QR of the rows chunk by chunk,
then the complete orthogonal decomposition of the triangle). ``sketch``: the rows kept whole;
a sparse sign sketch ``S A`` of ``SKETCH * w`` rows (``NONZEROS`` per column of ``S``) of the
column-scaled rows, its QR; where that triangle is clearly of full rank by the library's own
test (``clear``: the fast path of its COD), it preconditions every column; else (``pivoted``)
the column-pivoted QR of the triangle (LAPACK's xGEQP3) keeps the most leading columns whose
condition estimate stays below ``1 / rcond``, as xGELSY keeps them, and their triangle
preconditions those. Then LSQR from zero, right-preconditioned, until
``|M^T r| <= ATOL |M| |r|`` (M the preconditioned rows, its norm LSQR's Frobenius estimate)
or ``MAX_ITERATIONS``. The stage's solution, validation estimate and rel L2 are then the
library's own, from whichever coefficients the solve returned. Prints one row per case and
path: seconds of the least squares (the QR of the chunks and the solve, or the sketch, its
factors and the iterations; not the assembly, which both share), LSQR's iterations, the rank,
the residual, rel L2 and the estimate. One thread.

Usage: ``PYTHONPATH=. python benchmarks/sketch_precondition.py [--json PATH] [CASE ...]``
"""

from __future__ import annotations

import argparse
import math
import os
import time
import warnings
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import scipy.linalg  # noqa: E402
import torch  # noqa: E402
from figures import write_run  # noqa: E402

import pinnls  # noqa: E402
from pinnls.numeric import least_squares as ls  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
#: (file, settings): the default run's last stage on each (section 66's reports).
CASES = {
    "heat2d_pulsing_heater": (
        "benchmarks/user26/heat2d_pulsing_heater.py",
        dict(width=4352, activation="tanh", init_scale=1.5, axis_scales={"x": 4.0, "y": 4.0}),
    ),
    "swirl_pulse": (
        "benchmarks/user19/swirl_pulse.py",
        dict(width=4096, activation="tanh", init_scale=6.0, aligned=1.0),
    ),
    "rotation_2d": (
        "problems/rotation_2d.py",
        dict(width=3328, activation="tanh", init_scale=6.0, aligned=1.0),
    ),
    "wave_box_reflecting": (
        "benchmarks/user33/wave_box_reflecting.py",
        dict(width=2816, activation="tanh", init_scale=3.0, aligned=1.0),
    ),
    "acoustics_wall": (
        "problems/acoustics_wall.py",
        dict(width=1536, activation="tanh", init_scale=6.0, aligned=1.0),
    ),
}
SKETCH = 2
NONZEROS = 8
ATOL = 1e-10
MAX_ITERATIONS = 300


def sparse_sign(rows: int, size: int, generator: torch.Generator) -> torch.Tensor:
    """A ``(size, rows)`` sparse sign embedding: ``NONZEROS`` entries of +-1/sqrt(NONZEROS)
    in each column, at rows drawn uniformly (CSR)."""
    where = torch.randint(0, size, (rows, NONZEROS), generator=generator)
    signs = torch.randint(0, 2, (rows, NONZEROS), generator=generator).to(torch.float64)
    values = (2 * signs - 1) / math.sqrt(NONZEROS)
    columns = torch.arange(rows).repeat_interleave(NONZEROS)
    indices = torch.stack([where.reshape(-1), columns])
    coo = torch.sparse_coo_tensor(indices, values.reshape(-1), (size, rows))
    return coo.coalesce().to_sparse_csr()


def lsqr(apply, apply_t, b: torch.Tensor, n: int) -> tuple[torch.Tensor, int]:
    """Paige and Saunders' LSQR from zero for ``min |M y - b|`` (``apply`` is M, ``apply_t``
    its transpose); stops when ``|M^T r| <= ATOL |M|_F-estimate |r|``."""
    u = b.clone()
    beta = float(u.norm())
    u /= beta
    v = apply_t(u)
    alpha = float(v.norm())
    v /= alpha
    w = v.clone()
    y = torch.zeros(n, dtype=b.dtype)
    phibar, rhobar = beta, alpha
    norm_sq = 0.0
    for iteration in range(1, MAX_ITERATIONS + 1):
        u = apply(v) - alpha * u
        beta = float(u.norm())
        u /= beta
        norm_sq += alpha**2 + beta**2
        v = apply_t(u) - beta * v
        alpha = float(v.norm())
        v /= alpha
        rho = math.hypot(rhobar, beta)
        c, s = rhobar / rho, beta / rho
        theta, rhobar = s * alpha, -c * alpha
        phi, phibar = c * phibar, s * phibar
        y += (phi / rho) * w
        w = v - (theta / rho) * w
        if abs(phibar * alpha * c) <= ATOL * math.sqrt(norm_sq) * phibar:
            return y, iteration
    return y, MAX_ITERATIONS


def sketched(A: torch.Tensor, b: torch.Tensor, rcond: float) -> tuple:
    """``(coefficients, rank, iterations)`` of the sketch-preconditioned solve."""
    m, n = A.shape
    norms = A.norm(dim=0)
    scale = torch.where(norms > 0, norms, torch.ones_like(norms))
    generator = torch.Generator().manual_seed(0)
    sketch = sparse_sign(m, SKETCH * n, generator) @ A
    triangle = torch.linalg.qr(sketch / scale, mode="r").R
    if clearly_full(triangle.numpy(), rcond):
        rank, kept, R = n, torch.arange(n), triangle
        path = "clear"
    else:
        factor, pivots = scipy.linalg.qr(triangle.numpy(), mode="r", pivoting=True)
        factor = factor[0] if isinstance(factor, tuple) else factor
        rank = kept_rank(factor, rcond)
        kept = torch.from_numpy(pivots[:rank].copy())
        R = torch.from_numpy(np.ascontiguousarray(factor[:rank, :rank]))
        path = "pivoted"
    columns = A[:, kept] / scale[kept]

    def solve_r(y):
        return torch.linalg.solve_triangular(R, y[:, None], upper=True)[:, 0]

    def solve_rt(y):
        return torch.linalg.solve_triangular(R.mT, y[:, None], upper=False)[:, 0]

    y, iterations = lsqr(
        lambda v: columns @ solve_r(v), lambda u: solve_rt(columns.mT @ u), b, rank
    )
    coefficients = torch.zeros(n, dtype=A.dtype)
    coefficients[kept] = solve_r(y) / scale[kept]
    return coefficients, rank, iterations, path


def clearly_full(triangle: np.ndarray, rcond: float) -> bool:
    """The library's test for a triangle clearly of full rank (the fast path of its COD,
    :func:`pinnls.numeric.least_squares._full_rank_solve`: ``CLEAR_MARGIN`` times the bound
    ``sqrt(kappa_1 kappa_inf)`` from the computed inverse, below ``1 / rcond``)."""
    a = np.asfortranarray(triangle)
    return ls._full_rank_solve(a, np.zeros(a.shape[0]), rcond) is not None


def kept_rank(factor: np.ndarray, rcond: float) -> int:
    """The most leading columns of a pivoted triangle whose 1-norm condition estimate
    (LAPACK's xTRCON) stays below ``1 / rcond``, as xGELSY keeps them: the leading blocks'
    conditions grow with their size, so a bisection finds it."""
    trcon = scipy.linalg.get_lapack_funcs("trcon", (factor,))

    def clear(r: int) -> bool:
        inverse, _ = trcon(factor[:r, :r], norm="1", uplo="U", diag="N")
        return inverse > 0 and 1.0 / inverse < 1.0 / rcond

    low, high = 0, factor.shape[1]
    while low < high:
        middle = (low + high + 1) // 2
        if clear(middle):
            low = middle
        else:
            high = middle - 1
    return low


def run(path: str, settings: dict, way: str) -> dict:
    """One stage; its least squares the library's (``direct``) or sketched."""
    real_add, real_solve = ls.StreamingLeastSquares.add, ls.StreamingLeastSquares.solve
    timing = {"seconds": 0.0, "iterations": 0, "path": "direct"}

    def add(self, A_chunk, b_chunk):
        if way == "sketch":
            self.__dict__.setdefault("_kept", []).append((A_chunk.clone(), b_chunk.clone()))
            self.rows += A_chunk.shape[0]
            return
        start = time.perf_counter()
        real_add(self, A_chunk, b_chunk)
        timing["seconds"] += time.perf_counter() - start

    def solve(self):
        start = time.perf_counter()
        if way == "direct":
            result = real_solve(self)
        else:
            A = torch.cat([a for a, _ in self._kept])
            b = torch.cat([v for _, v in self._kept])
            del self._kept
            rcond = self.rcond if self.rcond is not None else torch.finfo(A.dtype).eps * A.shape[1]
            c, rank, timing["iterations"], timing["path"] = sketched(A, b, rcond)
            residual = float((A @ c - b).norm())
            result = ls.LeastSquaresResult(c, rank, float("nan"), residual)
        timing["seconds"] += time.perf_counter() - start
        timing["rank"] = int(result.rank)
        timing["residual"] = float(result.residual)
        return result

    ls.StreamingLeastSquares.add, ls.StreamingLeastSquares.solve = add, solve
    try:
        solution = pinnls.solve(ROOT / path, time_slabs=1, **settings)
    finally:
        ls.StreamingLeastSquares.add, ls.StreamingLeastSquares.solve = real_add, real_solve
    return dict(
        way=way,
        rel_l2=float(solution.errors()["rel_l2"]),
        estimate=float((solution.validation or {}).get("total", float("nan"))),
        **timing,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("cases", nargs="*", help=f"some of {', '.join(CASES)} (default: all)")
    args = parser.parse_args()
    unknown = [name for name in args.cases if name not in CASES]
    if unknown:
        parser.error(f"unknown case {unknown[0]!r}; known: {', '.join(CASES)}")
    torch.set_num_threads(1)
    warnings.simplefilter("ignore")
    rows = []
    print(f"one thread; sketch {SKETCH} w rows, {NONZEROS} nonzeros per column, atol {ATOL}")
    print(
        "| problem | width | way | least squares s | iterations | rank | residual | rel L2 "
        "| estimate |"
    )
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name in args.cases or list(CASES):
        path, settings = CASES[name]
        for way in ("direct", "sketch"):
            row = dict(problem=name, width=settings["width"], **run(path, settings, way))
            rows.append(row)
            print(
                f"| {name} | {row['width']} | {row['path']} | {row['seconds']:.1f} | "
                f"{row['iterations']} | {row['rank']} | {row['residual']:.3e} | "
                f"{row['rel_l2']:.2e} | {row['estimate']:.2e} |",
                flush=True,
            )
    if args.json:
        write_run(args.json, "benchmarks/sketch_precondition.py", rows=rows)


if __name__ == "__main__":
    main()
