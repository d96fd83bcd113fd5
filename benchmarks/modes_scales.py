"""The steepness of decaying modes at a fixed width: what auto's walk over ``MODE_SCALES``
sees (``pinnls.training.auto``, step 1m).

Solves ``benchmarks/axes/advection_diffusion_2d.py`` with a fixed sin basis of width 1024,
every feature a decaying mode (``modes=1``), at each steepness of ``SCALES``, least squares
only (the fixed strategy of one stage), one thread, and prints rel L2, the validation
estimate, the rank and the CPU seconds::

    OMP_NUM_THREADS=1 PYTHONPATH=. .venv/bin/python benchmarks/modes_scales.py \\
        --json docs/figures/modes_scales.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
import warnings
from pathlib import Path

import torch

import pinnls

ROOT = Path(__file__).resolve().parents[1]
PROBLEM = "benchmarks/axes/advection_diffusion_2d.py"
SCALES = (4.0, 8.0, 16.0, 24.0, 32.0, 48.0)
WIDTH = 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the rows here")
    args = parser.parse_args()
    torch.set_num_threads(1)
    warnings.simplefilter("ignore")
    problem = pinnls.load_problem(ROOT / PROBLEM).problem
    rows = []
    print("| scale | rel L2 | estimate | rank | CPU s |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for scale in SCALES:
        began = time.process_time()
        solution = pinnls.solve(
            problem, width=WIDTH, activation="sin", init_scale=scale, modes=1, seed=0
        )
        seconds = time.process_time() - began
        row = {
            "scale": scale,
            "rel_l2_error": solution.errors()["rel_l2"],
            "estimate": solution.strategy.chosen.estimate,
            "rank": solution.rank,
            "cpu_seconds": seconds,
        }
        rows.append(row)
        print(
            f"| {scale:g} | {row['rel_l2_error']:.2e} | {row['estimate']:.2e} | {row['rank']} | "
            f"{seconds:.1f} |",
            flush=True,
        )
    if args.json:
        data = {
            "command": "OMP_NUM_THREADS=1 PYTHONPATH=. .venv/bin/python benchmarks/modes_scales.py"
            f" --json {args.json}",
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}",
            "problem": PROBLEM,
            "width": WIDTH,
            "rows": rows,
        }
        args.json.write_text(json.dumps(data, indent=1) + "\n")


if __name__ == "__main__":
    main()
