"""What the benchmark scripts share: the machine line and the JSON file under docs/figures."""

from __future__ import annotations

import datetime
import json
import os
import platform
import sys


def machine() -> str:
    """The machine a record was measured on, as the records state it."""
    return f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}"


def write_record(path, record: dict) -> None:
    """``record`` as indented JSON with a final newline (what docs/figures holds)."""
    with open(path, "w") as handle:
        json.dump(record, handle, indent=1)
        handle.write("\n")


def write_run(path, script: str, **fields) -> None:
    """A record of this run of ``script`` (``benchmarks/NAME.py``): the command as typed, the
    machine and the date, then ``fields``, written as :func:`write_record` does."""
    record = {
        "command": f"python {script} " + " ".join(sys.argv[1:]),
        "machine": machine(),
        "date": datetime.date.today().isoformat(),
        **fields,
    }
    write_record(path, record)


def fixed_tanh_row(problem, path: str, width: int, scale: float, factors, /, **fields) -> dict:
    """One least-squares solve of ``problem`` (a fixed tanh basis of ``width`` at steepness
    ``scale`` and per-axis ``factors``, seed 0): the row the fixed-width scripts
    (face_rows.py, interior_rows.py, axis_factors.py) record, ``fields`` after the problem's
    ``path``, then the width, the rows, rel L2, the validation estimate and the CPU seconds."""
    import time

    import pinnls

    began = time.process_time()
    solution = pinnls.solve(
        problem, width=width, activation="tanh", init_scale=scale, axis_scales=factors, seed=0
    )
    return {
        "problem": path,
        **fields,
        "width": width,
        "rows": int(solution.rows),
        "rel_l2": solution.errors()["rel_l2"],
        "estimate": solution.strategy.chosen.estimate,
        "cpu_seconds": time.process_time() - began,
    }


def fixed_tanh_line(row: dict, label: str) -> str:
    """A row of :func:`fixed_tanh_row` as the scripts print it: problem, width, ``label``
    (what the run varied), rows, rel L2, estimate, CPU seconds."""
    stem = row["problem"].split("/")[-1][:-3]
    return (
        f"| {stem} | {row['width']} | {label} | {row['rows']} | {row['rel_l2']:.2e} | "
        f"{row['estimate']:.2e} | {row['cpu_seconds']:.1f} |"
    )


def aligned_stage_rows(root, cases, measure) -> list[dict]:
    """The rows of a cost calibration over aligned stages: for each ``(problem path, widths)``
    of ``cases`` (paths under ``root``), the problem compiled under the automatic strategy's
    settings, one warm-up stage of width 64, then ``measure(path, width, stages)`` per width
    (each printed as it ends). What calibrate_feet_cost.py and calibrate_waves_cost.py share."""
    from pinnls.settings import Settings
    from pinnls.symbolic.compiler import compile_problem
    from pinnls.symbolic.loader import load_problem
    from pinnls.training.budget import Budget
    from pinnls.training.stages import Stages

    rows = []
    for path, widths in cases:
        settings = Settings.from_mapping({"optimizer": "auto"})
        compiled = compile_problem(load_problem(root / path).problem, settings)
        stages = Stages(compiled, settings, None, Budget(None))
        stages.smooth("probe", "tanh", 64, 2.0, aligned=1.0)  # warm up
        for width in widths:
            rows.append(measure(path, width, stages))
            print(rows[-1]["problem"], width, f"{rows[-1]['seconds']:.2f} s", flush=True)
    return rows


def case_arguments(doc: str, cases, widths: bool = False):
    """The command line of a one-stage benchmark of named ``cases`` (``--repeats``, ``--json``,
    the cases, default all; with ``widths``, ``--widths W,...`` to keep some of each case's):
    parsed, an unknown case refused by name."""
    import argparse
    from pathlib import Path

    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--json", type=Path)
    if widths:
        parser.add_argument("--widths", help="comma-separated: only these of each case's widths")
    parser.add_argument("cases", nargs="*", help=f"some of {', '.join(cases)} (default: all)")
    args = parser.parse_args()
    unknown = [name for name in args.cases if name not in cases]
    if unknown:
        parser.error(f"unknown case {unknown[0]!r}; known: {', '.join(cases)}")
    args.cases = args.cases or list(cases)
    return args
