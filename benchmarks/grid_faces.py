"""Where a run's grid error sits: on the box's faces or inside.

report.json's ``rel_l2`` weighs every point of the evaluation grid the same, the points on the
box's faces too (2 of 41 per axis on three axes), while the validation estimate's fresh points
almost never fall on a face. An error that sits on the faces (a fit extrapolated half a cell
past its cloud, on a wall the flow is tangent to) so counts more in the grid's number than in
the estimate. This script reads each run's ``solution.h5`` (``fields/u`` and ``fields/exact``)
and prints, per run, the grid's rel L2, the same without any point on a face, with trapezoid
weights (half a weight per face an axis' end point lies on), the largest error and where it
lies, next to the report's validation estimate.

Usage::

    python benchmarks/grid_faces.py RUN_DIR [RUN_DIR ...] [--json rows.json]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from pathlib import Path

import h5py
import numpy as np


def measure(folder: Path) -> dict:
    """The grid's error split between its faces and its inside, for one run folder."""
    report = json.loads((folder / "report.json").read_text())
    with h5py.File(folder / "solution.h5", "r") as file:
        u = np.asarray(file["fields/u"])
        exact = np.asarray(file["fields/exact"])
        axes = [np.asarray(file[f"grid/{name}"]) for name in report["axes"]]
    error = u - exact
    inner = tuple(slice(1, -1) for _ in range(error.ndim))
    weights = np.ones(error.shape)
    for axis in range(error.ndim):
        ends = np.ones(error.shape[axis])
        ends[[0, -1]] = 0.5
        shape = [1] * error.ndim
        shape[axis] = -1
        weights = weights * ends.reshape(shape)
    where = np.unravel_index(int(np.abs(error).argmax()), error.shape)

    def relative(e, x, w=None):
        w = np.ones(e.shape) if w is None else w
        return float(np.sqrt((w * e**2).sum() / (w * x**2).sum()))

    return {
        "run": str(folder),
        "command": report.get("command"),
        "estimate": report["validation"]["total"],
        "rel_l2": relative(error, exact),
        "report_rel_l2": report["rel_l2_error"],
        "inner": relative(error[inner], exact[inner]),
        "trapezoid": relative(error, exact, weights),
        "max": float(np.abs(error).max()),
        "max_at": {name: float(axes[k][where[k]]) for k, name in enumerate(report["axes"])},
        "grid": list(error.shape),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="+", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    for folder in args.runs:
        report = json.loads((folder / "report.json").read_text())
        if report.get("rel_l2_error") is None or len(report.get("unknowns") or ["u"]) != 1:
            parser.error(f"{folder}: one unknown and an exact solution are needed")
    given = argv if argv is not None else sys.argv[1:]
    rows = [measure(folder) for folder in args.runs]
    print(f"machine: {platform.platform()}; python {platform.python_version()}")
    print("| run | estimate | grid rel L2 | without faces | trapezoid | max (where) |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for row in rows:
        at = ", ".join(f"{k}={v:.3g}" for k, v in row["max_at"].items())
        print(
            f"| {row['run']} | {row['estimate']:.2e} | {row['rel_l2']:.2e} | "
            f"{row['inner']:.2e} | {row['trapezoid']:.2e} | {row['max']:.2e} ({at}) |"
        )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "command": "python " + " ".join(["benchmarks/grid_faces.py", *given]),
                    "machine": platform.platform(),
                    "rows": rows,
                },
                indent=1,
            )
            + "\n"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
