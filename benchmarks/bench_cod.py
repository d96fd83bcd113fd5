"""The least-squares small step: ``cod`` (LAPACK xGELSY, the default) against ``svd``.

One tanh stage of the automatic strategy's kind (least squares only, Box steepness fixed, the
strategy's clouds for the width) on bundled and benchmark problems, the two methods alternated
in one run, one thread. Prints a markdown table of the median wall time of the whole
``pinnls.solve`` call and its relative L2 error, per problem, width and method, with the
time ratio svd / cod.

Usage: ``python benchmarks/bench_cod.py [--repeats 3] [--json PATH]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import torch  # noqa: E402

import pinnls  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CASES = (
    ("advection_gauss", "problems/advection_gauss.py", (1024, 2048)),
    ("advection_reaction", "problems/advection_reaction.py", (1024, 2048)),
    ("heat_2d", "benchmarks/pyrfm/heat_2d.py", (1024, 2048)),
)
METHODS = ("svd", "cod")


def one(path: str, width: int, method: str) -> tuple[float, float, int]:
    start = time.perf_counter()
    solution = pinnls.solve(
        ROOT / path, width=width, init_scale=2.0, least_squares=method, time_slabs=1
    )
    wall = time.perf_counter() - start
    return wall, float(solution.errors()["rel_l2"]), int(solution.rank)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    torch.set_num_threads(1)
    rows = []
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
        f"torch {torch.__version__}, one thread; medians of {args.repeats}"
    )
    print("| problem | width | svd s | cod s | svd/cod | svd rel L2 | cod rel L2 |")
    print("|---|---|---|---|---|---|---|")
    for name, path, widths in CASES:
        for width in widths:
            times = {m: [] for m in METHODS}
            errors = {}
            for _ in range(args.repeats):
                for method in METHODS:  # alternated, so load changes hit both alike
                    wall, error, rank = one(path, width, method)
                    times[method].append(wall)
                    errors[method] = error
            med = {m: statistics.median(v) for m, v in times.items()}
            row = dict(problem=name, width=width, times=times, median=med, errors=errors)
            rows.append(row)
            print(
                f"| {name} | {width} | {med['svd']:.1f} | {med['cod']:.1f} | "
                f"{med['svd'] / med['cod']:.2f} | {errors['svd']:.2e} | {errors['cod']:.2e} |",
                flush=True,
            )
    if args.json:
        args.json.write_text(
            json.dumps(
                dict(
                    command="PYTHONPATH=. .venv/bin/python " + " ".join(sys.argv),
                    machine=platform.processor() or platform.machine(),
                    cores=os.cpu_count(),
                    torch=torch.__version__,
                    repeats=args.repeats,
                    rows=rows,
                ),
                indent=1,
            )
        )


if __name__ == "__main__":
    main()
