"""The slab decision on every file with a time axis: the trials, and what each rule picks.

Each file runs ``pinnls solve FILE --threads 1 --quiet --format h5`` (two at once where there
are two cores, each pinned to its own), or its ``report.json`` is read from a folder of earlier
runs (``--reports DIR``, one subfolder per file named as this script names them). Per file the
record keeps rel L2, the validation estimate, the wall seconds, the slabs marched and, where the
automatic strategy probed slabs, every trial (slabs, first slab's estimate, the probe's spread
over the windows, score) with the count that each rule picks from those same trials:

- ``old``: n x (first slab's estimate), the rule before the spread (sessions 9-25);
- ``new``: that times the probe's spread over the n windows
  (:func:`pinnls.training.auto.slab_profile`), at most ``auto.SLAB_SPREAD_CAP`` (computed here
  from each trial's estimate and spread, so that reports written before the cap read alike).

Where the two agree, the run is the one the old rule would have made (the trials and every stage
before and after are the same). Where they differ, ``benchmarks/before_after.py`` measures both.

Usage::

    .venv/bin/python benchmarks/slab_scores.py [--reports DIR] [--out DIR] \\
        --json docs/figures/NAME.json FILE ...
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from before_after import can_pin, pinned, record
from figures import write_record

from pinnls.training import auto

#: The automatic strategy's gain: n slabs march if GAIN x score <= one slab's estimate.
GAIN = auto.SLAB_GAIN
#: The most that the probe's spread weighs a score by.
CAP = auto.SLAB_SPREAD_CAP


def folder(problem: str) -> str:
    """The subfolder of a file's run: its path with "/" as "_", without ".py"."""
    return problem.replace("/", "_").removesuffix(".py")


def run(problem: str, out: Path, core: int | None) -> None:
    """One run of the CLI's defaults (one thread), its output in ``out``/``folder(problem)``."""
    command = [sys.executable, "-m", "pinnls", "solve", problem, "--threads", "1", "--quiet"]
    command += ["--format", "h5", "--out", str(out / folder(problem))]
    subprocess.run(
        pinned(command, core), env=dict(os.environ, OMP_NUM_THREADS="1"), capture_output=True
    )


def choice(trials: list[dict], score) -> int:
    """The count the rule ``score`` picks: the smallest score (the first of equal ones), if
    it beats one slab's estimate by :data:`GAIN`, else 1."""
    best = trials[0]
    for trial in trials[1:]:
        if score(trial) < score(best):
            best = trial
    return best["slabs"] if best["slabs"] > 1 and GAIN * score(best) <= trials[0]["estimate"] else 1


def _weight(profile: float | None) -> float:
    """What a trial's spread weighs its score by: at most the cap (null, not finite: the cap)."""
    return CAP if profile is None else min(profile, CAP)


def row(problem: str, report: dict | None) -> dict:
    if report is None:
        return {"problem": problem, "failed": True}
    strategy = report.get("strategy") or {}
    decision = strategy.get("decision") or strategy.get("slabs_considered") or {}
    trials = [
        {
            "slabs": t["slabs"],
            "estimate": t["estimate"],
            "profile": t.get("profile", 1.0),
            "score": t["score"],
        }
        for t in decision.get("trials") or ()
    ]
    probed = len(trials) > 1
    return {
        "problem": problem,
        "rel_l2": report.get("rel_l2_error"),
        "estimate": (report.get("validation") or {}).get("total"),
        "wall": report.get("wall_seconds"),
        "slabs": strategy.get("slabs", 1),
        "trials": trials,
        "old": choice(trials, lambda t: t["slabs"] * t["estimate"]) if probed else None,
        "new": choice(trials, lambda t: t["slabs"] * t["estimate"] * _weight(t["profile"]))
        if probed
        else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=Path, help="read the runs from here, run nothing")
    parser.add_argument("--out", type=Path, default=Path("results/slab_scores"))
    parser.add_argument("--json")
    parser.add_argument("problems", nargs="+")
    args = parser.parse_args()
    where = args.reports or args.out
    if args.reports is None:
        # each worker on its own core, taking the next file when it is done
        waiting = queue.Queue()
        for problem in args.problems:
            waiting.put(problem)

        def worker(core: int | None) -> None:
            while True:
                try:
                    problem = waiting.get_nowait()
                except queue.Empty:
                    return
                run(problem, where, core)

        cores = [0, 1] if can_pin() else [None]
        with ThreadPoolExecutor(len(cores)) as pool:
            list(pool.map(worker, cores))
    rows = []
    for problem in args.problems:
        path = where / folder(problem) / "report.json"
        rows.append(row(problem, json.loads(path.read_text()) if path.exists() else None))
        r = rows[-1]
        if r.get("old") is not None:
            flag = "" if r["old"] == r["new"] else "  (the rules differ)"
            print(f"{problem}: slabs {r['slabs']}, old {r['old']}, new {r['new']}{flag}")
    probed = [r for r in rows if r.get("old") is not None]
    differ = [r["problem"] for r in probed if r["old"] != r["new"]]
    print(f"{len(rows)} files, {len(probed)} probed slabs, the rules differ on {len(differ)}")
    if args.json:
        write_record(
            args.json,
            {**record(rows), "files": len(rows), "probed": len(probed), "differ": differ},
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
