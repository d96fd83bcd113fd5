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
