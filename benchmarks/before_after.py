"""Two versions of pinnls side by side on the same problem files, through the CLI's defaults.

Each problem runs ``pinnls solve FILE --threads 1 --quiet --format h5`` once from each source
tree (``--before``, ``--after``: checkouts, e.g. ``git archive COMMIT | tar -x -C DIR``), the
two at the same time, each pinned to its own core (``taskset``) where there are two; the cores
swap from one problem to the next, so that neither version always has the busier core.
Reported per run, from its ``report.json``: rel L2 against the exact solution, the validation
estimate, the wall seconds of the solve, and what auto chose (width, steepness, cells, stop).

Usage::

    .venv/bin/python benchmarks/before_after.py --before /tmp/old --after /tmp/new \\
        --json docs/figures/NAME.json FILE ...

``--before-args`` and ``--after-args`` add options to one side's ``pinnls solve`` (one tree
with ``--before-args=--no-singular``: the same code without a feature); ``--keep DIR`` copies
each run's ``report.json`` there (``N_STEM_before.json``), for its stages.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from figures import machine, write_record


def _number(value) -> str:
    """A rel L2 or an estimate as printed: n/a where the report has none (no exact solution)."""
    return "n/a" if value is None else f"{value:.2e}"


def can_pin() -> bool:
    """Whether each of two runs can have a core of its own (``taskset``, two cores or more)."""
    return (os.cpu_count() or 1) >= 2 and shutil.which("taskset") is not None


def pinned(run: list[str], core: int | None) -> list[str]:
    """``run`` pinned to ``core`` with ``taskset`` (as it is where ``core`` is None)."""
    return (["taskset", "-c", str(core)] if core is not None else []) + run


def arguments(description: str) -> argparse.Namespace:
    """The command line of a side-by-side run: ``--before``, ``--after``, ``--json`` and the
    problem files."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", required=True)
    parser.add_argument("--json")
    parser.add_argument("--before-args", default="", help="options added to the before side")
    parser.add_argument("--after-args", default="", help="options added to the after side")
    parser.add_argument("--keep", help="a folder to copy each run's report.json into")
    parser.add_argument("problems", nargs="+")
    return parser.parse_args()


def sides(index: int, before: str, after: str) -> list[tuple[str, str, int | None]]:
    """``(name, tree, core)`` of the two runs of the ``index``-th file: each on a core of its
    own where there are two, the cores swapped from one file to the next."""
    pin = can_pin()
    trees = (("before", before), ("after", after))
    return [(name, tree, (index + j) % 2 if pin else None) for j, (name, tree) in enumerate(trees)]


def tree_environment(tree: str) -> dict[str, str]:
    """The environment of a run of the source tree ``tree``: its pinnls first, one thread."""
    return dict(os.environ, PYTHONPATH=str(Path(tree).resolve()), OMP_NUM_THREADS="1")


def command(tree: str, problem: str, out: Path, core: int | None, extra: str = "") -> list[str]:
    run = [sys.executable, "-m", "pinnls", "solve", problem, "--threads", "1", "--quiet"]
    run += ["--format", "h5", "--out", str(out), *shlex.split(extra)]
    return pinned(run, core)


def summary(report: dict) -> dict:
    strategy = report.get("strategy") or {}
    chosen = strategy.get("chosen") or {}
    validation = report.get("validation")
    return {
        "rel_l2": report.get("rel_l2_error"),
        "estimate": validation.get("total") if isinstance(validation, dict) else validation,
        "wall": report.get("wall_seconds"),
        "width": chosen.get("width"),
        "scale": chosen.get("scale"),
        "axis_scales": chosen.get("axis_scales"),
        "subdomains": chosen.get("subdomains"),
        "activation": chosen.get("activation"),
        "modes": chosen.get("modes", 0.0),
        # step 1q: the chosen stage's share of points drawn from a gradient, and how many
        # stages drew theirs so (0 in reports before it)
        "adapted": chosen.get("adapted", 0.0),
        "adapted_stages": sum(1 for st in strategy.get("stages") or () if st.get("adapted")),
        # the exponentials of the particular solution subtracted first (None: none)
        "particular": (report.get("particular") or {}).get("terms"),
        "stop_reason": report.get("stop_reason"),
        "stages": len(strategy.get("stages") or ()),
        # time slabs marched (1: one basis) and the trials that decided it (None: none probed)
        "slabs": strategy.get("slabs", 1),
        "slab_trials": _trials(strategy.get("decision") or strategy.get("slabs_considered")),
        **_runner_up(validation, strategy),
    }


def _runner_up(validation, strategy: dict) -> dict:
    """The next-best stage's distance from the chosen one (``runner_up_difference``), that
    stage's own rel L2 and estimate, and the distance over the two estimates
    (``runner_up_apart``); {} where the report has none (one stage, a march, or a version
    without it)."""
    runner = validation.get("runner_up") if isinstance(validation, dict) else None
    if runner is None:
        return {}
    stage = (strategy.get("stages") or [])[runner["stage"]]
    return {
        "runner_up_difference": runner["difference"],
        "runner_up_rel_l2": stage["rel_l2_error"],
        "runner_up_estimate": runner["estimate"],
        "runner_up_apart": runner.get("apart"),
    }


def _trials(decision: dict | None) -> list[list[float]] | None:
    """[slabs, score] of each trial of the automatic strategy's slab decision."""
    if not decision or not decision.get("trials"):
        return None
    return [[trial["slabs"], trial["score"]] for trial in decision["trials"]]


def main() -> int:
    args = arguments(__doc__.split("\n\n")[0])
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for i, problem in enumerate(args.problems):
            jobs = {}
            for name, tree, core in sides(i, args.before, args.after):
                out = Path(scratch) / f"{i}_{name}"
                env = tree_environment(tree)
                jobs[name] = (
                    subprocess.Popen(
                        command(
                            tree,
                            str(Path(problem).resolve()),
                            out.resolve(),
                            core,
                            args.before_args if name == "before" else args.after_args,
                        ),
                        env=env,
                        cwd=tree,  # python -m puts the working folder first on the path
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.PIPE,
                        text=True,
                    ),
                    out,
                )
            row = {"problem": problem}
            for name, (process, out) in jobs.items():
                _, err = process.communicate()
                if process.returncode:
                    row[name] = {"failed": process.returncode, "stderr": err.strip()[-300:]}
                    continue
                row[name] = summary(json.loads((out / "report.json").read_text()))
                if args.keep:
                    Path(args.keep).mkdir(parents=True, exist_ok=True)
                    stem = Path(problem).stem
                    shutil.copy(out / "report.json", Path(args.keep) / f"{i}_{stem}_{name}.json")
            rows.append(row)
            print(
                problem,
                *(
                    f"{name}: {_number(r.get('rel_l2'))} (estimate {_number(r.get('estimate'))}) "
                    f"in {r.get('wall', 0):.1f} s "
                    f"(w {r.get('width')}, {r.get('subdomains')}, {r.get('stop_reason')})"
                    if "failed" not in r
                    else f"{name}: failed {r['failed']}"
                    for name, r in ((n, row[n]) for n in ("before", "after"))
                ),
                sep="\n  ",
                flush=True,
            )
    if args.json:
        write_record(args.json, record(rows))
    return 0


def record(rows: list[dict]) -> dict:
    """What docs/figures keeps of a side-by-side run: its command, machine, date and rows."""
    return {
        "command": " ".join(sys.argv),
        "machine": machine(),
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "rows": rows,
    }


if __name__ == "__main__":
    sys.exit(main())
