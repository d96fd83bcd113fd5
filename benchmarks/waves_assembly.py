"""One least-squares stage of a system's plane waves, two versions of pinnls side by side.

For each problem file and width, one stage with every feature aligned (``aligned=1``, tanh,
steepness 4) on the clouds that the automatic strategy sizes for that width: the least-squares
solve with its loss (``Chunks.least_squares`` then ``Chunks.losses``), and the validation
estimate on fresh points (``fresh_residuals``), timed separately; also the cost model's planned
seconds of the stage (``Stages.predict``). Each tree (``--before``, ``--after``: checkouts)
runs in a process of its own, one thread, pinned to a core, the two at the same time, the
cores swapped from one case to the next; the stage repeats ``--repeats`` times, and the
medians are reported. Loss and estimate must agree between the two versions (same basis, same
clouds).

Usage::

    .venv/bin/python benchmarks/waves_assembly.py --before /tmp/old --after /tmp/new \\
        --widths 512,1024,1536 --json docs/figures/NAME.json FILE ...
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from before_after import pinned, sides, tree_environment
from figures import write_run

CHILD = r"""
import importlib.util, json, statistics, sys, time, warnings
import torch
torch.set_num_threads(1)
from pinnls import Settings, compile_problem
from pinnls.numeric.assembly import System
from pinnls.training import build_basis
from pinnls.training.chunks import Chunks
from pinnls.training.stages import Stages
from pinnls.training.validation import fresh_residuals
path, width, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
spec = importlib.util.spec_from_file_location("problem", path)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
settings = Settings(width=width, aligned=1.0, activation="tanh", init_scale=4.0, optimizer="auto")
compiled = compile_problem(module.problem, settings)
stages = Stages(compiled, settings, None, budget=None)
sized = stages.sized(width)
basis = build_basis(sized, settings)
solves, checks = [], []
for _ in range(repeats):
    began = time.perf_counter()
    chunks = Chunks(System(sized, torch.float64, "cpu"), basis, stages._chunk_rows(width), False)
    result = chunks.least_squares(settings)
    loss, _ = chunks.losses(result.coefficients)
    middle = time.perf_counter()
    estimate = fresh_residuals(sized, basis, result.coefficients, 0)["total"]
    solves.append(middle - began)
    checks.append(time.perf_counter() - middle)
print(json.dumps({
    "rows": int(sum(term.size for term in sized.terms)),
    "solve_s": statistics.median(solves),
    "validation_s": statistics.median(checks),
    "planned_s": stages.predict(width),
    "loss": loss,
    "estimate": estimate,
}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", required=True)
    parser.add_argument("--widths", default="512,1024,1536")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json")
    parser.add_argument("problems", nargs="+")
    args = parser.parse_args()
    widths = [int(w) for w in args.widths.split(",")]
    rows = []
    print("| problem | width | rows | solve s (before / after) | validation s | planned s |")
    print("| --- | ---: | ---: | --- | --- | --- |")
    index = 0
    for problem in args.problems:
        for width in widths:
            jobs = {}
            for name, tree, core in sides(index, args.before, args.after):
                run = [sys.executable, "-c", CHILD, str(Path(problem).resolve()), str(width)]
                run.append(str(args.repeats))
                jobs[name] = subprocess.Popen(
                    pinned(run, core),
                    cwd=tree,
                    env=tree_environment(tree),
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    text=True,
                )
            index += 1
            row = {"problem": problem, "width": width}
            for name, process in jobs.items():
                out, _ = process.communicate()
                row[name] = json.loads(out.strip().splitlines()[-1])
            rows.append(row)
            b, a = row["before"], row["after"]
            print(
                f"| {Path(problem).stem} | {width} | {a['rows']} | "
                f"{b['solve_s']:.2f} / {a['solve_s']:.2f} | "
                f"{b['validation_s']:.2f} / {a['validation_s']:.2f} | "
                f"{b['planned_s']:.2f} / {a['planned_s']:.2f} |",
                flush=True,
            )
    if args.json:
        write_run(args.json, "benchmarks/waves_assembly.py", rows=rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
