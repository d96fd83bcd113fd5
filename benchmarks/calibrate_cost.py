"""Measure the CPU seconds of the automatic strategy's least-squares stages, to fit its cost model.

The automatic strategy plans with a deterministic cost model (pinnls/training/cost.py), not the
wall clock, so that a busy machine changes how long a run takes but not what it decides. This
script measures what the model predicts: the process CPU time (``time.process_time``, one
thread, so other processes on the machine barely change it) of one smooth stage (clouds sized
for the width, assembly, least squares, validation estimate) for several problems and widths,
and prints the measurements beside the model's prediction as a markdown table, and the least-
squares fit of the model's constants (``--fit``).

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/calibrate_cost.py [--fit] [--json PATH]

``--replay PATH`` measures nothing: it recomputes the sizes and the model's prediction of the
stages stored in PATH (a ``--json`` output) with the current cost.py, prints the table and fit,
and rewrites PATH. That is the second step of a refit: measure and fit, set the constants in
cost.py, replay, so that the stored predictions are those of the fitted constants.
"""

from __future__ import annotations

import argparse
import json
import time
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
#: Widths up to 4608: the automatic strategy's last stages reach 3072-4608 on three axes, and a
#: fit on widths up to 2048 alone charged those 0.55x-0.75x of their time (docs/benchmarks.md,
#: section 73), both the QR past the fitted widths and the solve of a rank-deficient triangle.
CASES = [
    ("advection_gauss", (256, 512, 1024, 1536, 2048, 3072, 4096)),
    ("wave_second_order", (512, 1024, 1536, 3072)),
    ("rotation_2d", (512, 1024, 1536, 3072, 4096)),
    ("acoustics_characteristic", (256, 512, 768, 1536)),
    ("darcy_2d", (128, 256, 384, 1024)),
]
#: Each stage is measured this many times and the fastest kept: CPU time is barely changed by
#: other processes, but caches shared with them still slow a run now and then.
REPEATS = 2


def measure(name: str, width: int) -> dict:
    loaded = load_problem(ROOT / "problems" / f"{name}.py")
    settings = Settings.from_mapping({"optimizer": "auto"})
    compiled = compile_problem(loaded.problem, settings)
    stages = Stages(compiled, settings, None, Budget(None))
    problem = stages.sized(width)
    stages.smooth("probe", "tanh", 64, 2.0)  # warm up: lambdified functions, torch's kernels
    times = []
    for _ in range(REPEATS):
        began = time.process_time()
        stage = stages.smooth("probe", "tanh", width, 2.0)
        times.append(time.process_time() - began)
    seconds = min(times)
    return {
        "problem": name,
        "width": width,
        "rows": problem.rows,
        "rank": stage.rank,
        "features": cost.features(problem, width),
        "seconds": seconds,
        "predicted": cost.smooth_stage(problem, width),
        "estimate": stage.estimate,
    }


def replay(stored: dict) -> dict:
    """A stored measurement with the sizes and prediction of the current cost model."""
    loaded = load_problem(ROOT / "problems" / f"{stored['problem']}.py")
    settings = Settings.from_mapping({"optimizer": "auto"})
    stages = Stages(compile_problem(loaded.problem, settings), settings, None, Budget(None))
    width = stored["width"]
    problem = stages.sized(width)
    assert problem.rows == stored["rows"], (stored["problem"], width, problem.rows)
    return {
        **stored,
        "features": cost.features(problem, width),
        "predicted": cost.smooth_stage(problem, width),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="fit the model's constants")
    parser.add_argument("--json", type=Path, help="write the measurements here")
    parser.add_argument("--replay", type=Path, help="re-predict stored measurements (no timing)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    if args.replay:
        rows = [replay(r) for r in json.loads(args.replay.read_text())]
        args.json = args.json or args.replay
    else:
        rows = [measure(name, width) for name, widths in CASES for width in widths]
    print("| problem | width | rows | CPU s | model s | model / CPU |")
    print("| --- | --- | --- | --- | --- | --- |")
    for r in rows:
        ratio = r["predicted"] / r["seconds"]
        print(
            f"| {r['problem']} | {r['width']} | {r['rows']} | {r['seconds']:.2f} | "
            f"{r['predicted']:.2f} | {ratio:.2f} |"
        )
    if args.fit:
        terms = np.array([cost.terms(r["features"]) for r in rows])
        seconds = np.array([r["seconds"] for r in rows])
        from scipy.optimize import nnls

        # Relative, non-negative least squares: every stage counts alike, whatever its size,
        # and no term may cost negative time.
        fitted, _ = nnls(terms / seconds[:, None], np.ones(len(rows)))
        print("fitted constants:", ", ".join(f"{c:.4g}" for c in fitted))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
