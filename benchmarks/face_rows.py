"""Points on the faces at a fixed width: one per column against as fine as the interior.

Solves each problem of ``CASES`` with a fixed tanh basis (least squares only, the fixed
strategy of one stage; the steepness and per-axis factors the automatic strategy chose for
it), once per face rule of ``RULES``: a face's cloud of ``f`` points per column (``1``: the
rule before session 39), or ``rule`` (the library's: as fine along each axis as the interior,
:func:`pinnls.training.stages.face_points`, but at least ``FACE_FLOOR`` points). Prints rel
L2, the validation estimate, the rows and the CPU seconds, one thread::

    PYTHONPATH=. .venv/bin/python benchmarks/face_rows.py --json docs/figures/NAME.json

``--cases`` picks some of ``CASES`` by the problem file's stem.
"""

from __future__ import annotations

import argparse
import math
import warnings
from pathlib import Path

import torch
from figures import fixed_tanh_line, fixed_tanh_row, write_run

import pinnls
from pinnls.training import stages

ROOT = Path(__file__).resolve().parents[1]
#: (problem, width, steepness, per-axis factors): the three axes' cases are the user files
#: that growth left short of 1e-4 in session 38, at the automatic strategy's choices; the two
#: axes' ones (tanh at steepness 2, not the strategy's modes) are where the rule is not
#: applied, to see what fewer points per column would do there.
CASES = (
    ("benchmarks/user39/poisson_3d_box.py", 2048, 1.5, {"y": 0.5, "z": 2.0}),
    ("benchmarks/user39/advdiff_3d_plume.py", 2048, 1.5, {"y": 4.0}),
    ("benchmarks/user39/advdiff_channel_source.py", 2048, 4.0, {"x": 1.73, "y": 0.577}),
    ("benchmarks/user26/poisson_offcentre_bump.py", 1024, 2.0, None),
    ("benchmarks/suite/heat_neumann.py", 1024, 2.0, None),
)
RULES = ("1", "0.5", "0.25", "0.125", "rule")


def faces(rule: str):
    """The face rule as a stand-in for :func:`stages.face_points` (whose answer the stages cap
    at the columns): ``rule`` the library's own, else ``f`` points per column."""
    if rule == "rule":
        return ORIGINAL
    share = float(rule)
    return lambda interior, dim, term: math.ceil(share * interior / stages.ROWS_PER_COLUMN)


ORIGINAL, FLOOR, AXES = stages.face_points, stages.FACE_FLOOR, stages.FACE_DENSITY_AXES


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the rows here")
    parser.add_argument("--cases", help="comma-separated stems of CASES' problem files")
    args = parser.parse_args()
    torch.set_num_threads(1)
    warnings.simplefilter("ignore")
    picked = None if not args.cases else set(args.cases.split(","))
    rows = []
    print("| problem | width | faces | rows | rel L2 | estimate | CPU s |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: |")
    for path, width, scale, factors in CASES:
        stem = Path(path).stem
        if picked is not None and stem not in picked:
            continue
        problem = pinnls.load_problem(ROOT / path).problem
        dim = len(problem.domain.axes)
        for rule in RULES:
            if rule == "rule" and dim < stages.FACE_DENSITY_AXES:
                # the library keeps one point per column there: the same run as "1"
                continue
            stages.face_points = faces(rule)
            # ``f`` per column is that many, not raised to the library's floor, on two axes too
            stages.FACE_FLOOR = FLOOR if rule == "rule" else 0
            stages.FACE_DENSITY_AXES = AXES if rule == "rule" else 2
            try:
                row = fixed_tanh_row(problem, path, width, scale, factors, axes=dim, faces=rule)
            finally:
                stages.face_points, stages.FACE_FLOOR = ORIGINAL, FLOOR
                stages.FACE_DENSITY_AXES = AXES
            rows.append(row)
            print(fixed_tanh_line(row, rule), flush=True)
    if args.json:
        write_run(args.json, "benchmarks/face_rows.py", rows=rows)


if __name__ == "__main__":
    main()
