"""The ``cod`` small step with and without its fast path, on stages of the automatic strategy.

One least-squares stage (Box steepness, per-axis factors and aligned features fixed as the
automatic strategy chose them for the file, the strategy's clouds for the width), solved twice
in one process, alternated: with ``pinnls.numeric.least_squares.CLEAR_MARGIN`` as committed
(back substitution where the triangle is clearly of full rank) and with a margin that no bound
passes (LAPACK's xGELSY every time, as before the fast path). Prints a markdown table of the
median seconds of the whole ``pinnls.solve`` call and of the small step alone, the rank, the
condition and the rel L2 error of each, one thread.

Usage: ``python benchmarks/cod_fast_path.py [--repeats 2] [--json PATH] [CASE ...]``
"""

from __future__ import annotations

import os
import statistics
import time
import warnings
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import torch  # noqa: E402
from figures import case_arguments, write_run  # noqa: E402

import pinnls  # noqa: E402
import pinnls.numeric.least_squares as ls  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
#: name: (file, settings of the stage, widths). The settings are those the default run chose
#: (docs/benchmarks.md section 64); helmholtz_variable_k's wide stage is rank deficient, so
#: both sides take xGELSY there.
CASES = {
    "heat2d_pulsing_heater": (
        "benchmarks/user26/heat2d_pulsing_heater.py",
        dict(init_scale=1.5, axis_scales={"x": 4.0, "y": 4.0}),
        (2048, 4352),
    ),
    "swirl_pulse": (
        "benchmarks/user19/swirl_pulse.py",
        dict(init_scale=6.0, aligned=1.0),
        (2048, 4096),
    ),
    "helmholtz_variable_k": (
        "benchmarks/user41/helmholtz_variable_k.py",
        dict(init_scale=1.5),
        (3072,),
    ),
}
SIDES = {"fast path": ls.CLEAR_MARGIN, "xGELSY": float("inf")}


def one(path: str, settings: dict, width: int, margin: float) -> dict:
    """One stage with ``CLEAR_MARGIN`` set to ``margin``: seconds, small-step seconds, rank,
    condition and rel L2."""
    small = []
    real = ls.solve_cod

    def timed(r, z, rcond):
        start = time.perf_counter()
        out = real(r, z, rcond)
        small.append(time.perf_counter() - start)
        return out

    ls.CLEAR_MARGIN = margin
    ls.solve_cod = timed
    try:
        start = time.perf_counter()
        solution = pinnls.solve(ROOT / path, width=width, time_slabs=1, **settings)
        wall = time.perf_counter() - start
    finally:
        ls.solve_cod = real
        ls.CLEAR_MARGIN = SIDES["fast path"]
    return dict(
        seconds=wall,
        small=sum(small),
        rank=int(solution.rank),
        condition=float(solution.condition),
        rel_l2=float(solution.errors()["rel_l2"]),
    )


def main() -> None:
    args = case_arguments(__doc__, CASES)
    torch.set_num_threads(1)
    warnings.simplefilter("ignore")  # unresolved stages warn; the table says how far
    # the registry's "cod" entry loads solve_cod by name, so the timed wrapper is what runs
    rows = []
    print(f"one thread, medians of {args.repeats}, the two sides alternated")
    print(
        "| problem | width | rank | s: fast path / xGELSY | small step s | ratio | "
        "rel L2: fast path / xGELSY |"
    )
    print("| --- | ---: | ---: | --- | --- | ---: | --- |")
    for name in args.cases:
        path, settings, widths = CASES[name]
        for width in widths:
            runs = {side: [] for side in SIDES}
            for _ in range(args.repeats):
                for side, margin in SIDES.items():
                    runs[side].append(one(path, settings, width, margin))
            med = {
                side: {k: statistics.median(r[k] for r in rs) for k in ("seconds", "small")}
                for side, rs in runs.items()
            }
            fast, slow = runs["fast path"][-1], runs["xGELSY"][-1]
            row = dict(problem=name, width=width, settings=settings, runs=runs, median=med)
            rows.append(row)
            print(
                f"| {name} | {width} | {fast['rank']} / {slow['rank']} | "
                f"{med['fast path']['seconds']:.1f} / {med['xGELSY']['seconds']:.1f} | "
                f"{med['fast path']['small']:.2f} / {med['xGELSY']['small']:.2f} | "
                f"{med['xGELSY']['seconds'] / med['fast path']['seconds']:.2f} | "
                f"{fast['rel_l2']:.3e} / {slow['rel_l2']:.3e} |",
                flush=True,
            )
    if args.json:
        write_run(args.json, "benchmarks/cod_fast_path.py", repeats=args.repeats, rows=rows)


if __name__ == "__main__":
    main()
