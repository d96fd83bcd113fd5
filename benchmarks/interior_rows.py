"""Interior points per column on wide stages of three axes and more, at a fixed width.

Solves each problem of ``CASES`` with a fixed tanh basis (least squares only, the fixed
strategy of one stage; the steepness and per-axis factors the automatic strategy chose for
it), once per count of interior points per column in ``COUNTS`` (6 is
:data:`pinnls.training.stages.ROWS_PER_COLUMN`, the library's). The faces follow the library's
rule (:func:`pinnls.training.stages.face_points`, which reads the interior's count, at least
``FACE_FLOOR`` points), and each cloud keeps its kind (a grid is refined to a grid at least as
large), so the rows do not fall by exactly the interior's share. Prints rel L2, the
validation estimate, the rows (all the terms' points) and the CPU seconds, one thread::

    PYTHONPATH=. .venv/bin/python benchmarks/interior_rows.py --json docs/figures/NAME.json

``--cases`` picks some of ``CASES`` by the problem file's stem, ``--widths`` the widths.
"""

from __future__ import annotations

import argparse
import warnings
from pathlib import Path

import torch
from figures import fixed_tanh_line, fixed_tanh_row, write_run

import pinnls
from pinnls.training import stages

ROOT = Path(__file__).resolve().parents[1]
#: (problem, steepness, per-axis factors): three-axis files whose growth the plan stopped
#: short of 1e-4 (their automatic strategy's choices).
CASES = (
    ("benchmarks/user39/poisson_3d_box.py", 1.5, {"y": 0.5, "z": 2.0}),
    ("benchmarks/user39/advdiff_3d_plume.py", 1.5, {"y": 4.0}),
    ("benchmarks/user39/advdiff_channel_source.py", 4.0, {"x": 1.73, "y": 0.577}),
    ("benchmarks/user26/heat2d_pulsing_heater.py", 1.5, {"x": 4.0, "y": 4.0}),
)
COUNTS = (6, 4, 3, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the rows here")
    parser.add_argument("--cases", help="comma-separated stems of CASES' problem files")
    parser.add_argument("--widths", default="2048", help="comma-separated widths")
    parser.add_argument("--counts", default=",".join(map(str, COUNTS)))
    args = parser.parse_args()
    torch.set_num_threads(1)
    warnings.simplefilter("ignore")
    picked = None if not args.cases else set(args.cases.split(","))
    original = stages.ROWS_PER_COLUMN
    rows = []
    print("| problem | width | interior per column | rows | rel L2 | estimate | CPU s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for path, scale, factors in CASES:
        stem = Path(path).stem
        if picked is not None and stem not in picked:
            continue
        problem = pinnls.load_problem(ROOT / path).problem
        for width in (int(w) for w in args.widths.split(",")):
            for count in (int(c) for c in args.counts.split(",")):
                stages.ROWS_PER_COLUMN = count
                try:
                    row = fixed_tanh_row(
                        problem,
                        path,
                        width,
                        scale,
                        factors,
                        axes=len(problem.domain.axes),
                        interior_per_column=count,
                    )
                finally:
                    stages.ROWS_PER_COLUMN = original
                rows.append(row)
                print(fixed_tanh_line(row, str(count)), flush=True)
    if args.json:
        write_run(args.json, "benchmarks/interior_rows.py", rows=rows)


if __name__ == "__main__":
    main()
