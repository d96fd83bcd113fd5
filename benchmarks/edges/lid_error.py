"""The lid problem (lid_square.py, no exact solution declared) against its series: max |error|
on a 25 x 25 grid of the square's interior with y <= 0.88, where the series converges fast.

Usage: ``python benchmarks/edges/lid_error.py [--json FILE]`` (the pinnls on ``sys.path`` runs
it: ``PYTHONPATH=/tmp/old`` for another checkout). One core, the defaults, seed 0.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from reference_error import against  # noqa: E402


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
    grid = np.linspace(0.02, 0.98, 25)
    points = np.stack(np.meshgrid(grid, grid * 0.9), axis=-1).reshape(-1, 2)
    against(
        HERE / "lid_square.py", points, series, "python benchmarks/edges/lid_error.py", args.json
    )


if __name__ == "__main__":
    main()
