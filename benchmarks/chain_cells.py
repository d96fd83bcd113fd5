"""One stage of the automatic strategy at a fixed width, on chains of several cell counts.

Each spec ``K,SCALE[,AXIS:FACTOR...]`` runs one smooth stage (``Stages.smooth``: clouds sized
for the width and the factors, the solve, the validation estimate), the width split over K
cells along the cut axis (K = 1: the global basis, solved dense). Reported: rows, rank, rel L2
against the exact solution, the estimate, and the process CPU seconds (one thread).

Usage::

    OMP_NUM_THREADS=1 PYTHONPATH=. .venv/bin/python benchmarks/chain_cells.py \\
        benchmarks/user18/layered_cube.py z 2048 1,1.5,x:0.25,y:0.25,z:4 4,1.5,x:0.25,y:0.25,z:4 \\
        --json docs/figures/chain_cells_layered_cube.json
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
import warnings

import torch

import pinnls
from pinnls import Settings, compile_problem
from pinnls.training.budget import Budget
from pinnls.training.stages import Stages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("problem")
    parser.add_argument("axis")
    parser.add_argument("width", type=int)
    parser.add_argument("specs", nargs="+")
    parser.add_argument("--json")
    args = parser.parse_args()
    torch.set_num_threads(1)
    problem = pinnls.load_problem(args.problem).problem
    settings = Settings()
    compiled = compile_problem(problem, settings)
    runs = Stages(compiled, settings, None, Budget(None))
    rows = []
    for spec in args.specs:
        cells, scale, *factors = spec.split(",")
        cells, scale = int(cells), float(scale)
        axis_scales = {a: float(v) for a, v in (f.split(":") for f in factors)} or None
        began = time.process_time()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            stage = runs.smooth(
                "probe",
                "tanh",
                args.width,
                scale,
                axis_scales=axis_scales,
                subdomains=f"{args.axis}={cells}" if cells > 1 else None,
            )
        row = {
            "cells": cells,
            "scale": scale,
            "axis_scales": axis_scales,
            "rows": stage.rows,
            "rank": stage.rank,
            "rel_l2": stage.error,
            "estimate": stage.estimate,
            "cpu": time.process_time() - began,
            "planned": stage.planned,
        }
        rows.append(row)
        print(
            f"{spec}: rows {row['rows']} rank {row['rank']} rel L2 {row['rel_l2']:.3e} "
            f"estimate {row['estimate']:.3e} cpu {row['cpu']:.1f} s",
            flush=True,
        )
    if args.json:
        with open(args.json, "w") as out:
            json.dump(
                {
                    "command": " ".join(["benchmarks/chain_cells.py", *sys.argv[1:]]),
                    "machine": f"{platform.machine()}, {platform.platform()}, one thread",
                    "problem": args.problem,
                    "axis": args.axis,
                    "width": args.width,
                    "rows": rows,
                },
                out,
                indent=1,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
