"""Measure the CPU seconds of stages whose aligned features sit on the feet of a variable flow's
characteristics, to fit the cost model's feet term (``pinnls.training.cost.FEET_CONSTANT``).

Such a stage marches every collocation and validation point back along the flow (RK4 with
forward tangents, once per differentiated axis and twice per second derivative,
:func:`pinnls.training.cost.marches`) before any feature sees it. That cost grows with the
points, not the width, and :data:`~pinnls.training.cost.CONSTANTS` (fitted on stages without
the feet, ``calibrate_cost.py``) does not hold it. This script runs one smooth stage with
``aligned=1`` (clouds sized for the width, assembly, least squares, validation estimate) for
variable-flow problems of first and second order, records the process CPU time (one thread,
the fastest of two runs) beside the model without the feet term and the feet's units
(:func:`~pinnls.training.cost.feet_units`), and fits the one constant by relative least
squares with ``CONSTANTS`` kept (``--fit``), so that no plan without the feet changes.

    OMP_NUM_THREADS=1 PYTHONPATH=. .venv/bin/python benchmarks/calibrate_feet_cost.py --fit \\
        --json docs/figures/feet_cost.json
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
from figures import aligned_stage_rows

from pinnls.numeric import characteristic
from pinnls.training import cost
from pinnls.training.stages import Stages

ROOT = Path(__file__).resolve().parents[1]
#: (problem file, widths): first-order flows (rotation, a shear, a flow that turns in time,
#: one that spreads) and drifts beside diffusion (second order).
CASES = [
    ("problems/rotation_2d.py", (512, 1024, 2048)),
    ("problems/advection_variable.py", (512, 1024)),
    ("benchmarks/user20/breathing_flow.py", (512, 1024, 2048)),
    ("benchmarks/user21/expanding_flow.py", (512, 1024)),
    ("benchmarks/user21/swirl_diffusion.py", (512, 1024, 2048)),
    ("benchmarks/user19/swirl_pulse.py", (512, 1024)),
    # 1024 steps (the others 32 to 101): the steps' share of the march (session 29)
    ("benchmarks/user28/transport_oscillating_shear.py", (512, 1024)),
]
REPEATS = 2


def measure(path: str, width: int, stages: Stages) -> dict:
    problem = stages.sized(width, None, 1.0)
    steps = stages._on_feet(1.0)
    times = []
    for _ in range(REPEATS):
        # the first march of these clouds is what the plan charges: none kept from the last
        characteristic.MARCHES.clear()
        began = time.process_time()
        stage = stages.smooth("probe", "tanh", width, 2.0, aligned=1.0)
        times.append(time.process_time() - began)
    return {
        "problem": path,
        "width": width,
        "rows": problem.rows,
        "features": cost.features(problem, width),
        "steps": steps,
        "feet_units": cost.feet_units(problem, steps),
        "seconds": min(times),
        "plain_model": cost.smooth_stage(problem, width),
        "estimate": stage.estimate,
    }


def fit(rows: list[dict]) -> float:
    """The constant G of ``seconds ~= plain_model + G * feet_units``, by relative least squares
    (each stage weighted by 1/seconds), at least 0."""
    units = np.array([r["feet_units"] / r["seconds"] for r in rows])
    rest = np.array([(r["seconds"] - r["plain_model"]) / r["seconds"] for r in rows])
    return max(0.0, float(units @ rest / (units @ units)))


def table(rows: list[dict], constant: float) -> None:
    print("| problem | width | rows | feet units | CPU s | model without feet | with feet (fit) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        fitted = r["plain_model"] + constant * r["feet_units"]
        name = Path(r["problem"]).stem
        print(
            f"| {name} | {r['width']} | {r['rows']} | {r['feet_units']:.3g} | {r['seconds']:.2f} | "
            f"{r['plain_model'] / r['seconds']:.2f}x | {fitted / r['seconds']:.2f}x |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="fit FEET_CONSTANT and print it")
    parser.add_argument("--json", type=Path, help="write the measurements here")
    args = parser.parse_args()
    torch.set_num_threads(1)
    warnings.simplefilter("ignore")
    rows = aligned_stage_rows(ROOT, CASES, measure)
    constant = fit(rows) if args.fit else cost.FEET_CONSTANT
    table(rows, constant)
    if args.fit:
        print(f"FEET_CONSTANT = {constant:.3e}  (in cost.py: {cost.FEET_CONSTANT:.3e})")
    if args.json:
        data = {
            "command": "OMP_NUM_THREADS=1 PYTHONPATH=. .venv/bin/python "
            "benchmarks/calibrate_feet_cost.py"
            + (" --fit" if args.fit else "")
            + f" --json {args.json}",
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}",
            "constant_in_code": cost.FEET_CONSTANT,
            "fitted": constant if args.fit else None,
            "rows": rows,
        }
        args.json.write_text(json.dumps(data, indent=1) + "\n")


if __name__ == "__main__":
    main()
