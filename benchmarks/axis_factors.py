"""Per-axis factors at a fixed width: what step 1a chose against half a step either way.

Solves each problem of ``CASES`` with a fixed tanh basis (least squares only, the fixed
strategy of one stage, at the automatic strategy's steepness), once per set of per-axis
factors and per width. Prints rel L2, the validation estimate, the rows and the CPU seconds,
one thread::

    PYTHONPATH=. .venv/bin/python benchmarks/axis_factors.py --json docs/figures/NAME.json

``--cases`` picks some of ``CASES`` by the problem file's stem, ``--widths`` the widths,
``--sets N`` the first N factor sets of each (``--sets 1``: step 1a's choice alone).
"""

from __future__ import annotations

import argparse
import warnings
from pathlib import Path

import torch
from figures import fixed_tanh_line, fixed_tanh_row, write_run

import pinnls

ROOT = Path(__file__).resolve().parents[1]
#: (problem, steepness, factor sets): the first set is what step 1a chose at width 512 (from
#: isotropic for the plume, from the box's proportions for the Poisson box), the others
#: half a step (a factor of 2) from it along one axis or a group.
CASES = (
    (
        "benchmarks/user39/advdiff_3d_plume.py",
        1.5,
        ({"y": 4.0}, {"y": 2.0}, {"y": 8.0}, {"y": 4.0, "z": 2.0}, {"y": 2.0, "z": 2.0}),
    ),
    (
        "benchmarks/user39/poisson_3d_box.py",
        1.5,
        ({"y": 0.5, "z": 2.0}, {"y": 1.0, "z": 2.0}, {"y": 0.25, "z": 2.0}, {"y": 0.5, "z": 4.0}),
    ),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the rows here")
    parser.add_argument("--cases", help="comma-separated stems of CASES' problem files")
    parser.add_argument("--widths", default="1024,2048", help="comma-separated widths")
    parser.add_argument("--sets", type=int, help="only the first this many factor sets")
    args = parser.parse_args()
    torch.set_num_threads(1)
    warnings.simplefilter("ignore")
    picked = None if not args.cases else set(args.cases.split(","))
    rows = []
    print("| problem | width | factors | rows | rel L2 | estimate | CPU s |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: |")
    for path, scale, sets in CASES:
        stem = Path(path).stem
        if picked is not None and stem not in picked:
            continue
        problem = pinnls.load_problem(ROOT / path).problem
        for width in (int(w) for w in args.widths.split(",")):
            for factors in sets[: args.sets]:
                row = fixed_tanh_row(
                    problem, path, width, scale, factors, scale=scale, axis_scales=factors
                )
                rows.append(row)
                shown = ", ".join(f"{a}={v:g}" for a, v in factors.items())
                print(fixed_tanh_line(row, shown), flush=True)
    if args.json:
        write_run(args.json, "benchmarks/axis_factors.py", rows=rows)


if __name__ == "__main__":
    main()
