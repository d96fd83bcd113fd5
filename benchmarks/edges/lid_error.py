"""The lid problem (lid_square.py, no exact solution declared) against its series: max |error|
on a 25 x 25 grid of the square's interior with y <= 0.88, where the series converges fast.

Usage: ``python benchmarks/edges/lid_error.py [--json FILE]`` (the pinnls on ``sys.path`` runs
it: ``PYTHONPATH=/tmp/old`` for another checkout). One core, the defaults, seed 0.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

import numpy as np
import torch

import pinnls

HERE = Path(__file__).resolve().parent


def series(points: np.ndarray, terms: int = 400) -> np.ndarray:
    """sum over odd n of 4 / (n pi) sin(n pi x) sinh(n pi y) / sinh(n pi), at (m, 2), y < 1."""
    total = np.zeros(len(points))
    for n in range(1, 2 * terms, 2):
        k = n * math.pi
        ratio = np.exp(k * (points[:, 1] - 1)) * (-np.expm1(-2 * k * points[:, 1]))
        ratio /= -math.expm1(-2 * k)
        total += 4 / k * np.sin(k * points[:, 0]) * ratio
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json")
    args = parser.parse_args()
    torch.set_num_threads(1)
    loaded = pinnls.load_problem(HERE / "lid_square.py")
    start = time.perf_counter()
    solution = pinnls.solve(loaded.problem, seed=0)
    seconds = time.perf_counter() - start
    grid = np.linspace(0.02, 0.98, 25)
    points = np.stack(np.meshgrid(grid, grid * 0.9), axis=-1).reshape(-1, 2)
    exact = series(points)
    error = float(np.abs(solution(points) - exact).max())
    record = {
        "command": "python benchmarks/edges/lid_error.py",
        "max_error": error,
        "relative_l2": float(np.linalg.norm(solution(points) - exact) / np.linalg.norm(exact)),
        "estimate": float((solution.validation or {}).get("total", float("nan"))),
        "seconds": seconds,
        "singular_columns": int(getattr(solution.basis, "singular_count", 0)),
    }
    print(json.dumps(record, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(record, indent=2) + "\n")


if __name__ == "__main__":
    main()
