"""Does the validation estimate read low in proportion to how long the equation acts?

The estimate adds each term's residual in its own units (docs/guide.md): the equation's in
units of ``u`` per unit of time over ``s`` (its coefficient of ``u_t``), the data's in units
of ``u``. By Duhamel's principle a residual ``r`` of one sign over a time axis of length ``T``
moves the solution by up to ``T r / |s|`` (``T^2 r / |m|`` for ``m u_tt``): a river's outfall
solved along 2000 m of downstream ``x`` read 27x low that way (docs/benchmarks.md, section 77).
If that were the rule, the estimate of every file with a large ``T / |s|`` would read low by
about that factor.

This script reads the errors and estimates that the committed records of docs/figures hold
(``suite.py`` rows: ``rel_l2`` and ``validation``; ``before_after.py`` rows: the after side),
the last record of each problem file that still exists, and for each file with a time axis
and one equation prints ``T / |s|`` (``T^2 / |m|``), the error, the estimate and their ratio.
Plain script, no timing; it compiles each file (a few minutes in all).

Usage::

    .venv/bin/python benchmarks/estimate_time_factor.py --json docs/figures/NAME.json
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import warnings

import numpy as np
from figures import write_run


def records() -> dict:
    """``{file: (rel L2, estimate, record)}`` from docs/figures, the last record of each."""
    rows = {}
    for path in sorted(glob.glob("docs/figures/*.json")):
        try:
            with open(path) as handle:
                data = json.load(handle)
        except (OSError, ValueError):
            continue
        items = (
            data
            if isinstance(data, list)
            else data.get("rows", [])
            if isinstance(data, dict)
            else []
        )
        if not isinstance(items, list):
            continue
        for r in items:
            if not isinstance(r, dict):
                continue
            file = r.get("file") or r.get("problem")
            error, estimate = r.get("rel_l2"), r.get("validation")
            if isinstance(r.get("after"), dict):
                error, estimate = r["after"].get("rel_l2"), r["after"].get("estimate")
            numbers = all(isinstance(v, (int, float)) for v in (error, estimate))
            if isinstance(file, str) and numbers and os.path.exists(file) and estimate > 0:
                rows[file] = (float(error), float(estimate), os.path.basename(path))
    return rows


def time_factor(path: str) -> float | None:
    """``T / |s|`` of a file's one equation (``T^2 / |m|`` of second order in time), or None
    without a time axis or one equation."""
    from pinnls import compile_problem, load_problem

    compiled = compile_problem(load_problem(path).problem)
    k = compiled.time_axis
    equations = [term for term in compiled.terms if term.kind == "equation"]
    if k is None or len(equations) != 1:
        return None
    centre = ((compiled.lower + compiled.upper) / 2)[None]
    span = float(compiled.upper[k] - compiled.lower[k])
    for order in (2, 1):
        alpha = tuple(order * int(i == k) for i in range(compiled.dim))
        coefficient = sum(
            float(np.broadcast_to(part.coefficient(centre), (1,))[0])
            for part in equations[0].parts
            if part.derivative == alpha
        )
        if coefficient:
            return span**order / abs(coefficient)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    rows = []
    for path, (error, estimate, record) in records().items():
        try:
            factor = time_factor(path)
        except Exception:  # a file that no longer compiles is not this study's
            continue
        if factor is None:
            continue
        rows.append(
            {
                "problem": path,
                "factor": factor,
                "rel_l2": error,
                "estimate": estimate,
                "ratio": error / estimate,
                "record": record,
            }  # fmt: skip
        )
        print(f"{factor:10.3g} {error:9.2e} {estimate:9.2e} {error / estimate:8.2g}  {path}")
    if args.json:
        write_run(args.json, "benchmarks/estimate_time_factor.py", rows=rows)


if __name__ == "__main__":
    main()
