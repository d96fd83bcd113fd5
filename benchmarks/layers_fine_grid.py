"""The reported error of a boundary-layer problem against the error on a grid that resolves it.

report.json's ``rel_l2_error`` is measured on the evaluation grid (``eval_points`` per axis, 101
by default on two axes): a layer of width 0.005 has one or two of its points. This script
solves each problem with the defaults (one torch thread) and measures the rel L2 and max error
of the same solution on that grid and on uniform grids of 1001 and 2001 points per axis,
writing a JSON table (docs/benchmarks.md, section 28)::

    PYTHONPATH=. python benchmarks/layers_fine_grid.py --json docs/figures/layers_fine_grid.json
"""

from __future__ import annotations

import argparse
import json
import warnings

import numpy as np
import torch
from figures import machine, write_record

import pinnls

PROBLEMS = ["benchmarks/drift/layer_1d.py", "benchmarks/layers/cd2d.py"]
GRIDS = (1001, 2001)
CHUNK = 200_000


def _errors(solution, exact, points_per_axis: int) -> dict[str, float]:
    """rel L2 and max error of ``solution`` on a uniform grid over its box."""
    compiled = solution.compiled
    axes = [np.linspace(lo, hi, points_per_axis) for lo, hi in zip(compiled.lower, compiled.upper)]
    points = np.stack([a.ravel() for a in np.meshgrid(*axes, indexing="ij")], axis=1)
    values = np.concatenate(
        [np.asarray(solution(points[i : i + CHUNK])).ravel() for i in range(0, len(points), CHUNK)]
    )
    truth = exact(points)
    error = values - truth
    return {
        "rel_l2": float(np.linalg.norm(error) / np.linalg.norm(truth)),
        "max": float(np.abs(error).max()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", required=True)
    args = parser.parse_args()
    torch.set_num_threads(1)
    rows = []
    for path in PROBLEMS:
        problem = pinnls.load_problem(path).problem
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            solution = pinnls.solve(problem)
        exact = solution.compiled.exact
        reported = solution.errors()
        row = {
            "problem": path,
            "eval_points": solution.settings.grid_points(solution.compiled.dim),
            "reported": {"rel_l2": reported["rel_l2"], "max": reported["max"]},
            "layers": solution.strategy.chosen.layers,
        }
        for n in GRIDS:
            row[f"grid_{n}"] = _errors(solution, exact, n)
        rows.append(row)
        print(json.dumps(row), flush=True)
    record = {
        "command": f"PYTHONPATH=. python benchmarks/layers_fine_grid.py --json {args.json}",
        "machine": machine(),
        "rows": rows,
    }
    write_record(args.json, record)


if __name__ == "__main__":
    main()
