"""The solve of a stage's triangle by ``"cod"``: back substitution where it is clearly of full
rank, LAPACK's xGELSY (column-pivoted QR, then RZ) where it is not, in seconds per ``S^3``.

The cost model (:mod:`pinnls.training.cost`) charged neither: its ``S^3`` constant was fitted
to zero on stages of widths 128-2048, where the triangle's solve is lost in the QR's share.
At width 3072 and more a rank-deficient stage's xGELSY is a fifth to a third of it, and such
stages ran 1.4x-1.6x their planned seconds (docs/benchmarks.md, section 73).

Each case is the triangle ``R`` of an ``n x n`` matrix ``U diag(s) V^T`` (``U``, ``V`` random
orthogonal) whose singular values fall from 1 to 1e-20 over its last ``deficit`` columns, so
that xGELSY drops part of them at the library's rcond (eps n), as the solve of a saturated
stage does; ``full``: the same with the singular values from 1 to 1e-3 (the fast
path). Both through :func:`pinnls.numeric.least_squares.solve_cod`, alternating, ``--repeats``
times each, one thread; the table gives the medians, and ``(deficient - full) / n^3``, the
constant to charge a stage predicted to be deficient.

Usage: ``PYTHONPATH=. python benchmarks/cod_cost.py [--repeats N] [--json PATH]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import torch  # noqa: E402
from figures import write_run  # noqa: E402

from pinnls.numeric import least_squares as ls  # noqa: E402

SIZES = (1024, 2048, 3072, 4096)
#: The share of the columns that the deficient triangle's singular values drop over (rank
#: 2,064 of 3,329 on rotation_2d's widest stage: 0.38).
DEFICIT = 0.38
#: The library's cutoff for a float64 solve (settings.rcond None): eps times the columns.
EPS = torch.finfo(torch.float64).eps


def triangle(n: int, smallest: float, deficit: float, seed: int) -> torch.Tensor:
    generator = torch.Generator().manual_seed(seed)
    u = torch.linalg.qr(torch.randn(n, n, generator=generator, dtype=torch.float64)).Q
    v = torch.linalg.qr(torch.randn(n, n, generator=generator, dtype=torch.float64)).Q
    keep = n - int(deficit * n)
    values = torch.ones(n, dtype=torch.float64)
    values[keep:] = torch.logspace(0, torch.log10(torch.tensor(smallest)).item(), n - keep)
    return torch.linalg.qr((u * values) @ v.T, mode="r").R


def case(n: int, repeats: int) -> dict:
    triangles = {
        "full": triangle(n, 1e-3, 1.0, n),
        "deficient": triangle(n, 1e-20, DEFICIT, n + 1),
    }
    z = torch.ones(n, dtype=torch.float64)
    times = {name: [] for name in triangles}
    ranks = {}
    for _ in range(repeats):
        for name, r in triangles.items():
            began = time.perf_counter()
            _, rank, _ = ls.solve_cod(r, z, EPS * n)
            times[name].append(time.perf_counter() - began)
            ranks[name] = int(rank)
    medians = {name: statistics.median(values) for name, values in times.items()}
    return {
        "n": n,
        "rank_full": ranks["full"],
        "rank_deficient": ranks["deficient"],
        "full_seconds": medians["full"],
        "deficient_seconds": medians["deficient"],
        "per_cube": (medians["deficient"] - medians["full"]) / n**3,
        "seconds": times,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json")
    args = parser.parse_args()
    torch.set_num_threads(1)
    print(f"rcond eps n, deficit {DEFICIT}, {args.repeats} repeats, medians")
    print("| n | rank full | rank deficient | full s | deficient s | (deficient - full) / n^3 |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    rows = []
    for n in SIZES:
        row = case(n, args.repeats)
        rows.append(row)
        print(
            f"| {n} | {row['rank_full']} | {row['rank_deficient']} | {row['full_seconds']:.2f} "
            f"| {row['deficient_seconds']:.2f} | {row['per_cube']:.3e} |",
            flush=True,
        )
    if args.json:
        write_run(
            args.json,
            "benchmarks/cod_cost.py",
            rcond="eps n",
            deficit=DEFICIT,
            repeats=args.repeats,
            rows=rows,
        )


if __name__ == "__main__":
    main()
