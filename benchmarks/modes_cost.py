"""Measure the CPU seconds of stages of decaying modes beside what the cost model plans.

A stage of decaying modes (the ``modes`` setting: sin features, each times its envelope
``exp(-(k . D k + c) t)``, :func:`pinnls.numeric.initialization.initialize`'s ``decaying``)
assembles one more (n, w) pass than a plain basis (the envelope and its product) and gives
each condition :data:`~pinnls.training.stages.ALIGNED_FACE_ROWS` points per column, which the
model counts through the rows. This script runs one smooth stage with ``modes=1`` (clouds
sized for the width, assembly, least squares, validation estimate) on the parabolic problems
of the benchmarks, records the process CPU time (one thread, the fastest of two runs) and the
planned seconds (:meth:`~pinnls.training.stages.Stages.predict`), and prints their ratio.

    OMP_NUM_THREADS=1 PYTHONPATH=. .venv/bin/python benchmarks/modes_cost.py \\
        --json docs/figures/modes_cost.json
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
from pinnls.training.budget import Budget
from pinnls.training.stages import Stages

ROOT = Path(__file__).resolve().parents[1]
#: (problem file, widths, scale): advection-diffusion on one and two space axes, heat with
#: ten periods along x (per-axis factors as auto keeps them there), heat on an L-shape.
CASES = [
    ("benchmarks/user21/erf_front.py", (512, 1024), 64.0, None),
    ("benchmarks/axes/advection_diffusion_2d.py", (512, 1024, 2048), 24.0, None),
    ("benchmarks/axes/heat_2d_ms.py", (512, 1024, 2048), 8.0, {"x": 16.0, "y": 0.25}),
    ("problems/heat_lshape.py", (512, 1024), 4.0, None),
]
REPEATS = 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the measurements here")
    args = parser.parse_args()
    torch.set_num_threads(1)
    warnings.simplefilter("ignore")
    rows = []
    print("| problem | width | rows | CPU s | planned s | planned / CPU | estimate |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for path, widths, scale, factors in CASES:
        settings = Settings.from_mapping({"optimizer": "auto", "axis_scales": factors})
        compiled = compile_problem(load_problem(ROOT / path).problem, settings)
        stages = Stages(compiled, settings, None, Budget(None))
        stages.modes = 1.0
        stages.smooth("probe", "sin", 64, scale)  # warm up
        for width in widths:
            times = []
            for _ in range(REPEATS):
                began = time.process_time()
                stage = stages.smooth("probe", "sin", width, scale)
                times.append(time.process_time() - began)
            row = {
                "problem": path,
                "width": width,
                "scale": scale,
                "rows": stage.rows,
                "seconds": min(times),
                "planned": stages.predict(width),
                "estimate": stage.estimate,
            }
            rows.append(row)
            print(
                f"| {Path(path).stem} | {width} | {row['rows']} | {row['seconds']:.2f} | "
                f"{row['planned']:.2f} | {row['planned'] / row['seconds']:.2f}x | "
                f"{row['estimate']:.2e} |",
                flush=True,
            )
    ratios = [r["planned"] / r["seconds"] for r in rows]
    spread = f"{min(ratios):.2f}x to {max(ratios):.2f}x, median {np.median(ratios):.2f}x"
    print(f"planned / CPU: {spread}")
    if args.json:
        data = {
            "command": "OMP_NUM_THREADS=1 PYTHONPATH=. .venv/bin/python benchmarks/modes_cost.py"
            f" --json {args.json}",
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}",
            "rows": rows,
        }
        args.json.write_text(json.dumps(data, indent=1) + "\n")


if __name__ == "__main__":
    main()
