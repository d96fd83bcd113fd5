"""E2: images of the unit square under L initialized hidden layers of width 2.

A grid of points in [0, 1]^2, coloured by position, is pushed through ``L`` = 1, 2, 4, 8, 16, 32
freshly initialized ReLU layers of width 2 (no training, no constant column), plain and ResNet,
for He, Glorot and Box initialization. The figure shows one seed per panel (rows: architecture
x initialization, columns: depth). Over many seeds the script also classifies each image as a
point, a line (1-D) or a full 2-D set, from the singular values of the centred image points.

Usage: ``python examples/e2_box_images.py [--quick] [--out docs/figures]``
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import torch
from matplotlib.figure import Figure

from pinnls.numeric.basis import Basis
from pinnls.numeric.initialization import initialize

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import parser, setup, table, write_outputs  # noqa: E402

NAME = "e2_box_images"
ARCHS = ("plain", "resnet")
INITS = ("he", "glorot", "box")

#: s2 / s1 below this: the image is (numerically) a line.
LINE_TOLERANCE = 1e-6
#: s1 (of the centred points, per point) below this times the image's size: a point.
POINT_TOLERANCE = 1e-12


def image(points: torch.Tensor, arch: str, init: str, depth: int, seed: int) -> np.ndarray:
    basis = Basis(
        lower=[0, 0],
        upper=[1, 1],
        width=2,
        depth=depth,
        arch=arch,
        activation="relu",
        constant=False,
    )
    initialize(basis, init, torch.Generator().manual_seed(seed))
    with torch.no_grad():
        return basis(points).numpy()


def classify(values: np.ndarray) -> tuple[str, float]:
    """``point``, ``line`` or ``2-D``, and the singular value ratio s2 / s1."""
    centred = values - values.mean(axis=0)
    s = np.linalg.svd(centred, compute_uv=False)
    size = max(1.0, float(np.abs(values).max()))
    if not np.isfinite(s).all():
        return "non-finite", float("nan")
    if s[0] <= POINT_TOLERANCE * size * np.sqrt(len(values)):
        return "point", 0.0
    ratio = float(s[1] / s[0])
    return ("line" if ratio < LINE_TOLERANCE else "2-D"), ratio


def main(argv=None) -> int:
    args = parser(__doc__.splitlines()[0]).parse_args(argv)
    setup()
    depths = (1, 2, 4) if args.quick else (1, 2, 4, 8, 16, 32)
    seeds = 4 if args.quick else 100
    n = 11 if args.quick else 41
    ticks = torch.linspace(0, 1, n, dtype=torch.float64)
    gx, gy = torch.meshgrid(ticks, ticks, indexing="ij")
    points = torch.stack([gx.reshape(-1), gy.reshape(-1)], dim=1)
    colours = np.stack([points[:, 0].numpy(), points[:, 1].numpy(), 0.5 * np.ones(n * n)], 1)

    figure = Figure(
        figsize=(2.1 * len(depths), 2.0 * len(ARCHS) * len(INITS)), layout="constrained"
    )
    axes = figure.subplots(len(ARCHS) * len(INITS), len(depths), squeeze=False)
    stats = {}
    for row, (arch, init) in enumerate((a, i) for a in ARCHS for i in INITS):
        for col, depth in enumerate(depths):
            values = image(points, arch, init, depth, seed=0)
            kind0, _ = classify(values)
            ax = axes[row, col]
            ax.scatter(values[:, 0], values[:, 1], c=colours, s=2, linewidths=0)
            ax.set_title(f"{arch} {init} L={depth}: {kind0}", fontsize=8)
            ax.tick_params(labelsize=6)
            kinds, ratios = [], []
            for seed in range(seeds):
                kind, ratio = classify(image(points, arch, init, depth, seed))
                kinds.append(kind)
                ratios.append(ratio)
            stats[f"{arch}/{init}/{depth}"] = {
                "arch": arch,
                "init": init,
                "depth": depth,
                "seeds": seeds,
                "fraction_2d": kinds.count("2-D") / seeds,
                "fraction_line": kinds.count("line") / seeds,
                "fraction_point": kinds.count("point") / seeds,
                "fraction_nonfinite": kinds.count("non-finite") / seeds,
                "median_singular_ratio": float(np.nanmedian(ratios)),
                "seed0_kind": kind0,
                "seed0_extent": [float(np.ptp(values[:, 0])), float(np.ptp(values[:, 1]))],
            }
    figure.suptitle(
        "E2: image of [0,1]^2 (coloured by position) under L initialized ReLU layers of width 2"
        " (seed 0)",
        fontsize=10,
    )
    document = {
        "settings": {
            "depths": list(depths),
            "archs": list(ARCHS),
            "inits": list(INITS),
            "seeds": seeds,
            "points_per_axis": n,
            "line_tolerance": LINE_TOLERANCE,
            "point_tolerance": POINT_TOLERANCE,
        },
        "results": stats,
    }
    write_outputs(figure, document, args.out, NAME)
    rows = []
    for arch in ARCHS:
        for init in INITS:
            cells = [stats[f"{arch}/{init}/{d}"]["fraction_2d"] for d in depths]
            rows.append([arch, init, *[f"{c:.0%}" for c in cells]])
    print(f"fraction of {seeds} seeds whose image is 2-D (s2/s1 >= {LINE_TOLERANCE:g})")
    print(table(rows, ["arch", "init", *[f"L={d}" for d in depths]]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
