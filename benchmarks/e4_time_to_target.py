"""advection_constant (paper E4): wall time of LSGD to rel L2 1e-6, LSGD only.

``bench_solver.py`` runs LSGD and the Adam baseline side by side, which loads the machine; this
script times LSGD alone (the problem file's settings: ReLU 1x32, Box, lr 5e-3), with the error
recorded every 5 iterations, seeds 0-4, and stops each run at 1000 iterations. It writes
``docs/figures/e4_time_to_target.json`` (per seed: seconds and iterations to 1e-6, median
milliseconds per iteration) and prints a table. About a minute on one core.

Usage: ``python benchmarks/e4_time_to_target.py [--seeds 5] [--json PATH]``
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
from pathlib import Path

import torch

from pinnls import Settings, compile_problem, load_problem, solve

ROOT = Path(__file__).resolve().parents[1]
TARGET = 1e-6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--iterations", type=int, default=None, help="default: the file's 1000")
    parser.add_argument(
        "--json", type=Path, default=ROOT / "docs" / "figures" / "e4_time_to_target.json"
    )
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    loaded = load_problem(ROOT / "problems" / "advection_constant.py")
    runs = []
    for seed in range(args.seeds):
        settings = Settings.from_mapping(loaded.settings, seed=seed, eval_every=5)
        if args.iterations is not None:
            settings = settings.replace(iterations=args.iterations)
        history = solve(compile_problem(loaded.problem, settings), settings).history
        seconds, iteration = math.nan, None
        for step, (error, wall) in enumerate(zip(history.error, history.wall, strict=True)):
            if not math.isnan(error) and error <= TARGET:
                seconds, iteration = wall, history.iteration[step]
                break
        steps = [b - a for a, b in zip(history.wall, history.wall[1:], strict=False)]
        runs.append(
            {
                "seed": seed,
                "seconds": seconds,
                "iterations": iteration,
                "ms_per_iteration": 1e3 * statistics.median(steps),
            }
        )
        print(runs[-1])
    document = {
        "command": "python benchmarks/e4_time_to_target.py",
        "target": TARGET,
        "runs": runs,
        "median_seconds": statistics.median(r["seconds"] for r in runs),
        "iterations_min": min(r["iterations"] or 0 for r in runs),
        "iterations_max": max(r["iterations"] or 0 for r in runs),
        "ms_per_iteration_min": min(r["ms_per_iteration"] for r in runs),
        "ms_per_iteration_max": max(r["ms_per_iteration"] for r in runs),
    }
    args.json.write_text(json.dumps(document, indent=1) + "\n")
    print(f"median time to {TARGET:g}: {document['median_seconds']:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
