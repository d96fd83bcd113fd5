"""Load and compile time of problem files, two versions of pinnls side by side.

Each problem file is loaded and compiled (``load_problem`` then ``compile_problem``: the
exact solution's check included, no training) once from each source tree (``--before``,
``--after``: checkouts, e.g. ``git archive COMMIT | tar -x -C DIR``), each in its own process,
the two at the same time, each pinned to its own core (``taskset``) where there are two; the
cores swap from one file to the next. The time excludes the imports (the same in both). A file
that does not load (a helper module, a file that needs parameters) is recorded with its error.

Usage::

    .venv/bin/python benchmarks/compile_time.py --before /tmp/old --after /tmp/new \\
        --json docs/figures/NAME.json FILE ...
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

from before_after import arguments, pinned, record, sides, tree_environment
from figures import write_record

# Runs in the child: the imports first, then the clock.
CHILD = """
import json, sys, time
from pinnls.symbolic.compiler import compile_problem
from pinnls.symbolic.loader import load_problem
start = time.perf_counter()
try:
    compiled = compile_problem(load_problem(sys.argv[1]).problem)
except Exception as error:
    print(json.dumps({"error": f"{type(error).__name__}: {error}"[:200]}))
else:
    print(json.dumps({"seconds": time.perf_counter() - start,
                      "exact_check": compiled.exact_check}))
"""


def main() -> int:
    args = arguments(__doc__.split("\n\n")[0])
    rows = []
    for i, problem in enumerate(args.problems):
        jobs = {}
        for name, tree, core in sides(i, args.before, args.after):
            run = [sys.executable, "-c", CHILD, str(Path(problem).resolve())]
            jobs[name] = subprocess.Popen(
                pinned(run, core),
                env=tree_environment(tree),
                cwd=tree,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
        row = {"problem": problem}
        for name, process in jobs.items():
            out, _ = process.communicate()
            try:
                row[name] = json.loads(out.strip().splitlines()[-1])
            except (IndexError, json.JSONDecodeError):
                row[name] = {"error": f"exit {process.returncode}"}
        rows.append(row)
        print(
            problem,
            *(f"{n}: {row[n].get('seconds', row[n].get('error'))}" for n in ("before", "after")),
            flush=True,
        )
    timed = [r for r in rows if "seconds" in r["before"] and "seconds" in r["after"]]
    if timed:
        before = [r["before"]["seconds"] for r in timed]
        after = [r["after"]["seconds"] for r in timed]
        print(
            f"{len(timed)} files: total {sum(before):.1f} s -> {sum(after):.1f} s, median "
            f"{statistics.median(before):.3f} s -> {statistics.median(after):.3f} s"
        )
    if args.json:
        write_record(args.json, record(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
