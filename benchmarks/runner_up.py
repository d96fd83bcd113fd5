"""The validation estimate and the runner-up's distance against the true error, through the
CLI's defaults (docs/benchmarks.md, section 63).

Each problem file runs ``pinnls solve FILE --threads 1 --quiet --format h5`` from this
checkout, two files at a time, each pinned to its own core (``taskset``) where there are two.
Recorded per file, from its ``report.json`` (:func:`before_after.summary`): rel L2 against the
exact solution, the validation estimate, and the runner-up (the stage of the next-best
estimate): its distance from the chosen solution, its own rel L2 and estimate, and the
distance over the two estimates (``apart``). Printed: each estimate over the error, and the
estimate times ``max(1, apart)`` over the error.

Usage::

    .venv/bin/python benchmarks/runner_up.py --json docs/figures/NAME.json FILE ...
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from before_after import can_pin, command, record, summary, tree_environment
from figures import write_record

ROOT = Path(__file__).resolve().parent.parent


def ratios(row: dict) -> tuple[float | None, float | None]:
    """The estimate over the error, and the estimate times ``max(1, apart)`` over the error
    (None where the report has no error, or no runner-up for the second)."""
    error, estimate = row.get("rel_l2"), row.get("estimate")
    if not error or estimate is None:
        return None, None
    apart = row.get("runner_up_apart")
    lifted = None if apart is None else estimate * max(1.0, apart) / error
    return estimate / error, lifted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json")
    parser.add_argument("problems", nargs="+")
    args = parser.parse_args()
    rows = []
    pin = can_pin()
    with tempfile.TemporaryDirectory() as scratch:
        for start in range(0, len(args.problems), 2):
            jobs = []
            for j, problem in enumerate(args.problems[start : start + 2]):
                out = Path(scratch) / str(start + j)
                run = command(str(ROOT), str(Path(problem).resolve()), out, j if pin else None)
                process = subprocess.Popen(
                    run,
                    env=tree_environment(str(ROOT)),
                    cwd=ROOT,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                jobs.append((problem, process, out))
            for problem, process, out in jobs:
                _, err = process.communicate()
                if process.returncode:
                    rows.append({"problem": problem, "failed": process.returncode, "stderr": err})
                    print(problem, "failed", process.returncode, flush=True)
                    continue
                row = {"problem": problem, **summary(json.loads((out / "report.json").read_text()))}
                rows.append(row)
                plain, lifted = ratios(row)
                print(
                    problem,
                    f"rel L2 {row['rel_l2']}, estimate {row['estimate']}",
                    f"apart {row.get('runner_up_apart')}, estimate/error {plain}, lifted {lifted}",
                    flush=True,
                )
    if args.json:
        write_record(args.json, record(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
