"""Why rows and grid points on a carried jump plane take the data's side (docs/benchmarks.md,
section 30).

Two measurements, each with the mechanism and without it, at a fixed basis (tanh, width 256,
steepness 1.5, every feature aligned, seed 0):

- the 2-D step of benchmarks/user15b/step_2d.py solved with the rows on the plane moved to the
  data's side (``CompiledProblem.off_jumps``, what the assembly does) and with them left where
  they are (the assembly given a stand-in whose ``off_jumps`` returns the problem itself);
- the square pulse of benchmarks/user15b/square_pulse.py, its error on the 51 x 51 grid with
  the exact solution read on the data's side of a plane (``Solution._exact_on_jumps``) and
  read where the grid point is, and at 20,000 uniformly random points.

Usage::

    PYTHONPATH=. python benchmarks/jump_rows.py [--json docs/figures/jump_rows.json]
"""

from __future__ import annotations

import argparse
import datetime
from unittest import mock

import numpy as np
import torch

from benchmarks.figures import machine, write_record
from pinnls import solve
from pinnls.operators import CompiledProblem
from pinnls.solution import Solution
from pinnls.symbolic.loader import load_problem

SETTINGS = dict(width=256, init_scale=1.5, aligned=1.0, activation="tanh")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    torch.set_num_threads(1)
    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    rows = []
    step = load_problem("benchmarks/user15b/step_2d.py").problem
    for moved in (True, False):
        with mock.patch.object(
            CompiledProblem,
            "off_jumps",
            CompiledProblem.off_jumps if moved else lambda s, reach=0: s,
        ):
            solution = solve(step, **SETTINGS)
        error = solution.errors(21)["rel_l2"]
        rows.append({"problem": "step-2d", "rows_moved": moved, "rel_l2": error})
        print(f"step-2d, rows on the plane moved: {moved}: rel L2 {error:.2e}")
    pulse = load_problem("benchmarks/user15b/square_pulse.py").problem
    solution = solve(pulse, **SETTINGS)
    points = np.random.default_rng(0).uniform([0, 0], [2, 1], (20000, 2))
    s = points[:, 0] - points[:, 1]
    exact = ((s > 0.2) & (s < 0.5)).astype(float)
    random = float(np.linalg.norm(solution(points) - exact) / np.linalg.norm(exact))
    for side in (True, False):
        with mock.patch.object(
            Solution,
            "_exact_on_jumps",
            Solution._exact_on_jumps if side else lambda self, fields, inside: None,
        ):
            grid = solution.errors(51)["rel_l2"]
        rows.append(
            {
                "problem": "square-pulse",
                "exact_on_data_side": side,
                "grid_rel_l2": grid,
                "random_rel_l2": random,
            }  # fmt: skip
        )
        print(f"square-pulse, exact on the data's side: {side}: grid rel L2 {grid:.2e}, "
              f"random points {random:.2e}")  # fmt: skip
    if args.json:
        write_record(
            args.json,
            {
                "command": "PYTHONPATH=. python benchmarks/jump_rows.py --json " + args.json,
                "machine": machine(),
                "started": started,
                "settings": SETTINGS,
                "rows": rows,
            },
        )


if __name__ == "__main__":
    main()
