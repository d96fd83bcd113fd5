"""Aligned features along a drift: what part of their slope along the flow they keep.

For ``u_t + a . grad u = nu lap u`` the automatic strategy draws aligned features that keep
``DRIFT_ALONG`` of their component along the flow (``pinnls.numeric.initialization``). This
script measures one least-squares stage of the automatic strategy (``width`` and
``init_scale`` given, so exactly one stage on auto's clouds) for several values of that part,
against the plain basis, and writes a JSON table (docs/benchmarks.md, "A drift")::

    PYTHONPATH=. python benchmarks/drift_sweep.py --json docs/figures/drift_sweep.json

One torch thread; the rel L2 error against the exact solution on the default grid, and the
wall seconds of the ``pinnls.solve`` call.
"""

from __future__ import annotations

import argparse
import json
import platform
import time

import torch

import pinnls
from pinnls.training import initial

#: (problem file, width, steepness, parts kept along the flow; None: the plain basis)
CASES = [
    (
        "benchmarks/axes/advection_diffusion_2d.py",
        1024,
        3.0,
        [None, 0.0, 1 / 16, 1 / 8, 1 / 4, 1 / 2],
    ),
    ("benchmarks/axes/advection_diffusion_2d.py", 2048, 4.0, [None, 1 / 8]),
    ("benchmarks/suite/advection_diffusion.py", 512, 1.5, [None, 1 / 16, 1 / 8, 1 / 4]),
]


def stage(problem: str, width: int, scale: float, along: float | None) -> dict:
    """One stage; ``along`` None is the plain basis."""
    settings = {"width": width, "init_scale": scale, "optimizer": "auto"}
    if along is not None:
        settings["aligned"] = 1.0
        initial.DRIFT_ALONG = along
    start = time.perf_counter()
    solution = pinnls.solve(problem, **settings)
    seconds = time.perf_counter() - start
    return {
        "problem": problem,
        "width": width,
        "scale": scale,
        "along": along,
        "rel_l2": solution.errors()["rel_l2"],
        "seconds": seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", required=True, help="where to write the table")
    args = parser.parse_args()
    torch.set_num_threads(1)
    kept = initial.DRIFT_ALONG
    rows = []
    for problem, width, scale, parts in CASES:
        for along in parts:
            row = stage(problem, width, scale, along)
            initial.DRIFT_ALONG = kept
            rows.append(row)
            print(json.dumps(row), flush=True)
    out = {
        "command": "PYTHONPATH=. python benchmarks/drift_sweep.py --json " + args.json,
        "machine": platform.platform(),
        "threads": 1,
        "rows": rows,
    }
    with open(args.json, "w") as handle:
        json.dump(out, handle, indent=1)


if __name__ == "__main__":
    main()
