"""Measure the CPU seconds of least-squares stages on a chain of cells, to fit the chain's cost
model (``pinnls.training.cost.CHAIN_CONSTANTS``).

A chain (a local basis cut along one axis, ``subdomains`` ``AXIS=K``) is solved from its blocks
by one banded QR (pinnls/numeric/block_sparse.py), so its cost is not the dense model's: per
row it grows with the features of one or two cells, not with the whole width. This script
runs one smooth stage (clouds sized for the width, block assembly, banded QR, validation
estimate, as the automatic strategy runs it) for several problems, cell counts and features
per cell, records the process CPU time (one thread; the fastest of two runs) beside the
model's prediction, and fits the model's three constants by relative non-negative least
squares (``--fit``).

    OMP_NUM_THREADS=1 PYTHONPATH=. .venv/bin/python benchmarks/calibrate_chain_cost.py --fit \\
        --json docs/figures/chain_cost.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
import warnings
from pathlib import Path

import numpy as np
import torch

from pinnls.settings import Settings
from pinnls.symbolic.compiler import compile_problem
from pinnls.symbolic.loader import load_problem
from pinnls.training import cost
from pinnls.training.budget import Budget
from pinnls.training.stages import Stages

ROOT = Path(__file__).resolve().parents[1]
#: (problem file, cut axis, cells, features per cell, scale, per-axis factors)
CASES = [
    ("benchmarks/axes/heat_2d_ms.py", "x", 8, (128, 256, 512), 1.5, {"x": 4.0, "y": 0.25}),
    ("benchmarks/axes/heat_2d_ms.py", "x", 16, (128, 256, 384), 1.5, {"x": 4.0, "y": 0.25}),
    ("benchmarks/axes/heat_2d_ms.py", "x", 32, (128, 256), 1.5, {"x": 4.0, "y": 0.25}),
    ("benchmarks/axes/wave_2d_ms.py", "t", 16, (128, 256), 1.5, {"x": 0.25, "y": 0.25, "t": 4.0}),
    ("benchmarks/axes/transport_3d_time.py", "x", 8, (128, 256), 3.0, None),
    ("benchmarks/one_axis/long_poisson.py", "x", 32, (32, 64, 128), 12.0, None),
]
REPEATS = 2


def measure(path, axis, cells, features, scale, factors) -> dict:
    problem = load_problem(ROOT / path).problem
    settings = Settings.from_mapping({"optimizer": "auto"})
    stages = Stages(compile_problem(problem, settings), settings, None, Budget(None))
    width = cells * features
    subdomains = f"{axis}={cells}"
    sized = stages.sized(width, factors)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        stages.smooth("probe", "tanh", 2 * cells, scale, factors, subdomains=subdomains)  # warm up
        times = []
        for _ in range(REPEATS):
            began = time.process_time()
            stage = stages.smooth("probe", "tanh", width, scale, factors, subdomains=subdomains)
            times.append(time.process_time() - began)
    sizes = cost.features(sized, width)
    return {
        "problem": path,
        "subdomains": subdomains,
        "features_per_cell": features,
        "width": width,
        "rows": sized.rows,
        "sizes": sizes,
        "terms": len(sized.terms),
        "seconds": min(times),
        "predicted": cost.chain_stage(sized, width, cells),
        "estimate": stage.estimate,
        "rel_l2": stage.error,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="fit the model's constants")
    parser.add_argument("--json", type=Path, help="write the measurements here")
    args = parser.parse_args()
    torch.set_num_threads(1)
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    rows = []
    for path, axis, cells, features, scale, factors in CASES:
        for f in features:
            rows.append(measure(path, axis, cells, f, scale, factors))
            r = rows[-1]
            print(
                f"| {Path(r['problem']).stem} | {r['subdomains']} | {f} | {r['rows']} | "
                f"{r['seconds']:.2f} | {r['predicted']:.2f} | "
                f"{r['predicted'] / r['seconds']:.2f} |",
                flush=True,
            )
    fitted = None
    if args.fit:
        from scipy.optimize import nnls

        parts = np.array(
            [
                cost.chain_terms(r["sizes"], int(r["subdomains"].split("=")[1]), r["terms"])
                for r in rows
            ]
        )
        seconds = np.array([r["seconds"] for r in rows])
        # Relative: every stage counts alike, whatever its size; no term may cost negative time.
        fitted, _ = nnls(parts / seconds[:, None], np.ones(len(rows)))
        print("fitted constants:", ", ".join(f"{c:.4g}" for c in fitted))
        for r, p in zip(rows, parts, strict=True):
            r["fitted"] = float(fitted @ p)
        ratios = [r["fitted"] / r["seconds"] for r in rows]
        print(f"fitted / measured: {min(ratios):.2f} to {max(ratios):.2f}")
    if args.json:
        record = {
            "command": "OMP_NUM_THREADS=1 PYTHONPATH=. python benchmarks/calibrate_chain_cost.py "
            f"--fit --json {args.json}",
            "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}, "
            f"torch {torch.__version__}, one thread",
            "started": started,
            "constants": None if fitted is None else [float(c) for c in fitted],
            "rows": rows,
        }
        args.json.write_text(json.dumps(record, indent=1))


if __name__ == "__main__":
    main()
