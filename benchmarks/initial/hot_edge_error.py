"""The hot-edge plate (plate_hot_edge.py, no exact solution declared) against its series: max
|error| on a 13 x 13 x 7 grid of x, y in [0.02, 0.98] and t in [0.01, 0.25], where the series
converges fast.

    u = S(x, y) - sum_(m >= 1, n odd) 8 m / (n pi^2 (m^2 + n^2)) sin(m pi x) sin(n pi y)
                  exp(-(m^2 + n^2) pi^2 t),
    S = sum_(n odd) 4 / (n pi) sin(n pi y) sinh(n pi (1 - x)) / sinh(n pi)

(the steady plate held at 1 on x = 0, and its double sine series, which the transient takes
away at t = 0).

Usage: ``python benchmarks/initial/hot_edge_error.py [--json FILE]`` (the pinnls on
``sys.path`` runs it: ``PYTHONPATH=/tmp/old`` for another checkout). One core, the defaults,
seed 0.
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


def series(points: np.ndarray, steady_terms: int = 2000, modes: int = 80) -> np.ndarray:
    """The series at points (m, 3) of (x, y, t), x >= 0.02, t >= 0.01."""
    x, y, t = points.T
    total = np.zeros(len(points))
    for n in range(1, 2 * steady_terms, 2):
        k = n * math.pi
        ratio = np.exp(-k * x) * (-np.expm1(-2 * k * (1 - x))) / -math.expm1(-2 * k)
        total += 4 / k * np.sin(k * y) * ratio
    for m in range(1, modes + 1):
        for n in range(1, 2 * modes, 2):
            b = 8 * m / (n * math.pi**2 * (m * m + n * n))
            decay = np.exp(-(m * m + n * n) * math.pi**2 * t)
            total -= b * np.sin(m * math.pi * x) * np.sin(n * math.pi * y) * decay
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json")
    args = parser.parse_args()
    space = np.linspace(0.02, 0.98, 13)
    times = np.linspace(0.01, 0.25, 7)
    points = np.stack(np.meshgrid(space, space, times, indexing="ij"), axis=-1).reshape(-1, 3)
    against(
        HERE / "plate_hot_edge.py",
        points,
        series,
        "python benchmarks/initial/hot_edge_error.py",
        args.json,
    )


if __name__ == "__main__":
    main()
