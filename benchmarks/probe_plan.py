"""The automatic strategy's probes, old against new: stage lists, planned seconds and errors.

For each problem file, ``pinnls.solve(FILE, budget=B)`` runs twice, each in a fresh
subprocess with one thread: once with main's checkout alone on ``PYTHONPATH`` (``--old``,
default /work/main: the strategy before issue 21's "less search, more solve") and once with
this checkout (new). Every stage is logged as it is judged (kind, width, steepness, estimate,
planned seconds, rel L2; time slabs' stages and slab trials too, which the report's record
does not list), with the solve's rel L2 error and stop reason. The planned seconds are the cost
model's, not a clock's: they are the same on an idle machine and on a busy one, so the
comparison holds under load (the wall seconds are kept for reference only).

Runs are kept as JSON (``--json``, default docs/figures/probe_plan.json; one entry per problem
and side, reused on a rerun unless ``--fresh``), so that the table can be printed again
without solving (``--table``). ``--analyse`` prints the evidence behind the rules from the old
runs: where each width-512 ladder turned and whether stopping there would change the choice,
what the width-1024 neighbours won, each growth step's gain against the gain its trend
predicted, and the ladders on fewer rows. ``--rows N`` solves the whole width-512 ladder (no
stop, no growth) on N interior rows per column with this checkout (N = 6 is main's ladder).

Usage::

    python benchmarks/probe_plan.py [FILE ...] [--budget 60] [--old /work/main]
                                    [--json docs/figures/probe_plan.json] [--only old|new]
                                    [--rows N] [--table] [--analyse] [--fresh]

Without files: the bundled problems with at most two axes that use the automatic strategy
(advection_constant fixes its own), every untuned suite problem with at most two axes and the
pyRFM comparison's three problems (docs/benchmarks.md, "Fewer probes"), each with the plan
that :data:`PROBLEMS` gives.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The strategy's tie and growth factors (pinnls.training.auto.TIE, IMPROVEMENT), here so that
#: the analysis runs without importing either checkout.
TIE, IMPROVEMENT = 1.5, 1.25

#: The default problems, most telling first: (file, budget in planned seconds; None for the
#: default 60). A 30 s plan keeps the runs short on a shared machine; old and new get the same.
PROBLEMS = [
    ("benchmarks/pyrfm/poisson_rfm.py", None),
    ("benchmarks/pyrfm/helmholtz_1d.py", None),
    ("benchmarks/suite/poisson_2d.py", 30.0),
    ("benchmarks/suite/transport_front.py", 30.0),
    ("benchmarks/suite/wave.py", 30.0),
    ("problems/darcy_2d.py", 30.0),
    ("problems/advection_gauss.py", 30.0),
    ("benchmarks/pyrfm/heat_2d.py", 30.0),
    ("problems/wave_second_order.py", 30.0),
    ("benchmarks/suite/robin_2d.py", 30.0),
    ("benchmarks/suite/heat_neumann.py", 30.0),
    ("benchmarks/suite/poisson_1d.py", 30.0),
    *(
        (f"benchmarks/suite/{name}.py", 30.0)
        for name in (
            "advection_diffusion",
            "transport_constant",
            "transport_leftward",
            "transport_periodic",
            "transport_reaction",
            "transport_rightward",
            "transport_source",
            "transport_spacetime_speed",
            "transport_steady_2d",
            "transport_variable_x",
        )
    ),
    *(
        (f"problems/{name}.py", 30.0)
        for name in (
            "poisson_disk",
            "advection_periodic",
            "advection_reaction",
            "advection_variable",
            "initial_from_later",
            "source_from_sensors",
            "transport_obstacle",
            "wave_first_order",
            "acoustics_characteristic",
            "acoustics_wall",
        )
    ),
]


#: The worker: solves one file with every stage logged (time slabs' stages too, which the
#: report's record does not list), then prints one JSON line.
#: Both workers' start: one thread, and every stage that a Stages judges appended to ``log``
#: (``runs`` tells the stage sets apart: a slab trial or the next time slab is another Stages).
PRELUDE = r"""
import json, sys, torch
torch.set_num_threads(1)
import pinnls
from pinnls.training import auto, stages as _stages

log = []
_judge = _stages.Stages._judge

def judge(self, kind, solution, scale, seconds, planned):
    stage = _judge(self, kind, solution, scale, seconds, planned)
    if stage is not None:
        log.append({"kind": stage.kind, "width": stage.width, "scale": stage.scale,
                    "estimate": stage.estimate, "planned": stage.planned,
                    "error": stage.error, "rows": stage.rows, "runs": id(self) % 100003})
    return stage

_stages.Stages._judge = judge
"""

WORKER = (
    PRELUDE
    + r"""
path, budget = sys.argv[1], sys.argv[2]
changes = {} if budget == "None" else {"budget": float(budget)}
solution = pinnls.solve(path, **changes)
record = solution.strategy
print("PROBE_PLAN " + json.dumps({
    "stages": log,
    "planned": sum(st["planned"] for st in log),
    "stop": solution.stop_reason,
    "rel_l2": solution.errors()["rel_l2"] if solution.compiled.exact is not None else None,
    "slabs": getattr(record, "name", None) == "slabs",
}))
"""
)


#: The rows experiment's worker: the whole steepness ladder at width 512 only (no stop, no
#: per-axis probe, slabs, growth or ReLU stage), on clouds of ``ROWS`` interior rows per column.
ROWS_WORKER = (
    PRELUDE
    + r"""
_stages.ROWS_PER_COLUMN = int(sys.argv[2])
auto.PROBE_WIDTHS, auto.WIDTHS = (512,), (512,)
auto.turned = lambda estimates: False
auto._Auto._probe_axes = lambda self, *a: None
auto._Auto._consider_slabs = lambda self, *a: None
auto._Auto._relu_allowed = lambda self: False
auto.ROUNDOFF = 0.0
pinnls.solve(sys.argv[1], budget=1e6)
print("PROBE_PLAN " + json.dumps({"stages": log}))
"""
)


def ladder(path: str, rows: int) -> dict:
    """The width-512 steepness ladder of ``path`` on ``rows`` interior rows per column (this
    checkout)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    command = [sys.executable, "-P", "-c", ROWS_WORKER, str(ROOT / path), str(rows)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
    for line in done.stdout.splitlines():
        if line.startswith("PROBE_PLAN "):
            return json.loads(line[len("PROBE_PLAN ") :])
    return {"error": (done.stderr or done.stdout).strip()[-300:]}


def solve(path: str, side: str, old: str, budget: float | None) -> dict:
    """One solve of ``path`` on ``side`` (old: main's checkout; new: this one), in a
    subprocess with one thread."""
    env = dict(os.environ)
    env["PYTHONPATH"] = old if side == "old" else str(ROOT)
    env["OMP_NUM_THREADS"] = "1"
    # -P: not the working directory first on sys.path, so PYTHONPATH alone says which pinnls.
    command = [sys.executable, "-P", "-c", WORKER, str(ROOT / path), str(budget)]
    began = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - began
    for line in done.stdout.splitlines():
        if line.startswith("PROBE_PLAN "):
            return {**json.loads(line[len("PROBE_PLAN ") :]), "wall": wall}
    return {"error": (done.stderr or done.stdout).strip()[-300:], "wall": wall}


def save(store: Path, old: str, results: dict) -> None:
    store.parent.mkdir(parents=True, exist_ok=True)
    record = {
        "command": "python benchmarks/probe_plan.py; python benchmarks/probe_plan.py --rows 3",
        "old": old,
        "old_commit": commit(old),
        "runs": results,
    }
    store.write_text(json.dumps(record, indent=1))


def commit(checkout: str) -> str:
    """The commit of the old side's checkout (what "old" was)."""
    command = ["git", "-C", checkout, "rev-parse", "HEAD"]
    return subprocess.run(command, capture_output=True, text=True).stdout.strip()


def imported_from(side: str, old: str) -> str:
    """Where the worker imports pinnls from on ``side`` (a check that the sides differ)."""
    env = {**os.environ, "PYTHONPATH": old if side == "old" else str(ROOT)}
    command = [sys.executable, "-P", "-c", "import pinnls; print(pinnls.__file__)"]
    return subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT).stdout


def listing(run: dict) -> str:
    """Stages as ``width@scale`` in order, growth marked ``+``, the ReLU stage ``k``, and
    ``|`` where another set of stages begins (a slab trial or a time slab)."""
    parts = []
    runs = None
    for st in run.get("stages", []):
        if runs is not None and st.get("runs") != runs:
            parts.append("|")  # another Stages: a slab trial, or the next time slab
        runs = st.get("runs")
        mark = "+" if st["kind"] == "grow" else ("k" if st["kind"] == "kinks" else "")
        scale = "" if st["scale"] is None else f"@{st['scale']:g}"
        parts.append(f"{mark}{st['width']}{scale}")
    return " ".join(parts)


def number(value, spec: str = ".2g") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return format(value, spec)


def table(results: dict, order: list[str]) -> str:
    lines = [
        "| problem (plan s) | old stages | old planned s | old rel L2 | new stages | new planned s "
        "| new rel L2 |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for path in order:
        entry = results.get(path, {})
        old, new = entry.get("old", {}), entry.get("new", {})
        budget = old.get("budget") or new.get("budget")
        cells = [f"{Path(path).stem} ({60 if budget is None else budget:g})"]
        for run in (old, new):
            if "error" in run:
                cells += ["failed", "-", "-"]
                continue
            cells += [
                f"{len(run.get('stages', []))}: {listing(run)}",
                f"{number(run.get('planned'), '.1f')} ({run.get('stop')})",
                number(run.get("rel_l2")),
            ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def summary(results: dict, order: list[str]) -> str:
    """One sentence: stages and planned seconds in all, old against new, and the errors."""
    both = [
        results[p]
        for p in order
        if "stages" in results[p].get("old", {}) and "stages" in results[p].get("new", {})
    ]
    stages = [sum(len(e[side]["stages"]) for e in both) for side in ("old", "new")]
    planned = [sum(e[side]["planned"] for e in both) for side in ("old", "new")]
    ratios = [
        e["new"]["rel_l2"] / e["old"]["rel_l2"]
        for e in both
        if e["new"].get("rel_l2") and e["old"].get("rel_l2")
    ]
    worse = sum(r > 1.5 for r in ratios)
    better = sum(r < 1 / 1.5 for r in ratios)
    return (
        f"Over the {len(both)} problems: {stages[0]} stages and {planned[0]:.1f} planned s "
        f"(old) against {stages[1]} stages and {planned[1]:.1f} planned s (new); rel L2 "
        f"within 1.5x on {len(ratios) - worse - better} of {len(ratios)}, lower on {better}, "
        f"higher on {worse}."
    )


def first_stages(run: dict) -> list[dict]:
    """The stages of the whole-domain strategy (before any slab trial or time slab)."""
    stages = run.get("stages", [])
    return [st for st in stages if st.get("runs") == stages[0].get("runs")] if stages else []


def ladder512(first: list[dict]) -> list[dict]:
    """The isotropic steepness ladder at width 512: the leading probes while the steepness
    rises (the per-axis probes that follow on three axes repeat the chosen one)."""
    ladder = []
    for st in first:
        if st["kind"] != "probe" or st["width"] != 512:
            break
        if ladder and st["scale"] <= ladder[-1]["scale"]:
            break
        ladder.append(st)
    return ladder


def gentlest_tied(probes: list[dict], tie: float) -> float:
    best = min(st["estimate"] for st in probes)
    return min(st["scale"] for st in probes if st["estimate"] <= tie * best)


def ranked(probes: list[dict], scales: list[float]) -> list[float]:
    """``scales`` from the best estimate among ``probes`` to the worst."""
    estimates = {st["scale"]: st["estimate"] for st in probes}
    return sorted(scales, key=estimates.__getitem__)


def analyse(results: dict, order: list[str], tie: float, improvement: float) -> str:
    """From the old runs: where the steepness ladder turns, what stopping there would change,
    and what the width-1024 neighbour probes changed."""
    lines = [
        "Steepness ladder at width 512 (old runs, else the rows experiment's ladder on 6 rows "
        "per column, as main's): estimates gentle to steep",
        "",
    ]
    harmful, harmless = [], []
    for path in list(results):
        run = results[path].get("old") or results[path].get("rows", {}).get("6", {})
        first = first_stages(run)
        probes = ladder512(first)
        if len(probes) < 2:
            continue
        chosen = gentlest_tied(probes, tie)
        estimates = [st["estimate"] for st in probes]
        notes = []
        for i in range(2, len(probes)):
            a, b, c = estimates[i - 2 : i + 1]
            if not a < b < c:
                continue
            ratio = c / min(estimates[: i + 1])
            changed = gentlest_tied(probes[: i + 1], tie) != chosen
            (harmful if changed else harmless).append(ratio)
            notes.append(f"turn after {i + 1}: x{ratio:.3g}{' CHANGES' if changed else ''}")
        ladder = " ".join(f"{e:.2g}" for e in estimates)
        lines.append(f"- {Path(path).stem}: {ladder}; chosen {chosen:g}; {'; '.join(notes)}")
    lines.append("")
    lines.append(
        f"ratio last/best at a two-step turn: where stopping changes the choice "
        f"{sorted(round(r, 3) for r in harmful)}; where it does not "
        f"{sorted(round(r, 3) for r in harmless)}"
    )
    lines += ["", "Width 1024 at the 512-chosen scale against its neighbours (old runs)", ""]
    for path in order:
        run = results.get(path, {}).get("old", {})
        first = first_stages(run)
        p512 = ladder512(first)
        p1024 = [st for st in first if st["kind"] == "probe" and st["width"] == 1024]
        if not p512 or not p1024:
            continue
        chosen = gentlest_tied(p512, tie)
        at = [st["estimate"] for st in p1024 if st["scale"] == chosen]
        best = min(p1024, key=lambda st: st["estimate"])
        chosen1024 = gentlest_tied(p1024, tie)
        gain = at[0] / best["estimate"] if at else math.nan
        flag = " BEATS by > TIE" if gain > tie else (" > IMPROVEMENT" if gain > improvement else "")
        lines.append(
            f"- {Path(path).stem}: 512 chose {chosen:g}; 1024: "
            + ", ".join(f"{st['scale']:g}: {st['estimate']:.2g}" for st in p1024)
            + f"; 1024 chose {chosen1024:g}; chosen/best {gain:.3g}{flag}"
        )
    lines += ["", "Growth stages: the gain each gave (best before / stage), width by width", ""]
    for path in order:
        run = results.get(path, {}).get("old", {})
        first = first_stages(run)
        best = math.inf
        steps = []
        for st in first:
            if st["kind"] == "grow" and math.isfinite(best):
                steps.append(f"{st['width']}@{st['scale']:g}: {best / st['estimate']:.3g}x")
            if st["kind"] != "kinks":
                best = min(best, st["estimate"])
        if steps:
            lines.append(f"- {Path(path).stem}: " + ", ".join(steps) + f" (stop {run.get('stop')})")
    lines += [
        "",
        "A trend stop: each width's gain predicted from the two widths before (algebraic rate), "
        "against the gain measured (best estimate at a width, retries included; old runs)",
        "",
    ]
    for path in order:
        first = first_stages(results.get(path, {}).get("old", {}))
        by_width: dict[int, float] = {}
        for st in first:
            if st["kind"] != "kinks":
                by_width[st["width"]] = min(by_width.get(st["width"], math.inf), st["estimate"])
        widths = sorted(by_width)
        notes = []
        for w0, w1, w2 in zip(widths, widths[1:], widths[2:]):
            e0, e1, e2 = by_width[w0], by_width[w1], by_width[w2]
            rate = math.log(e0 / e1) / math.log(w1 / w0)
            predicted = (w2 / w1) ** rate
            actual = min(e0, e1) / e2
            verdict = "stop" if predicted < improvement else "go"
            paid = "paid" if actual >= improvement else "did not pay"
            notes.append(f"{w2}: predicted {predicted:.3g}x ({verdict}), {actual:.3g}x ({paid})")
        if notes:
            lines.append(f"- {Path(path).stem}: " + "; ".join(notes))
    lines += ["", "The width-512 ladder on fewer rows per column against 6 (old runs)", ""]
    for path in list(results):
        entry = results.get(path, {})
        six = ladder512(first_stages(entry.get("old") or entry.get("rows", {}).get("6", {})))
        for rows, run in sorted(entry.get("rows", {}).items()):
            if rows == "6":
                continue
            few = [st for st in run.get("stages", []) if st["kind"] == "probe"]
            if not six or not few:
                continue
            common = [st["scale"] for st in six if st["scale"] in {f["scale"] for f in few}]

            by6, byn = ranked(six, common), ranked(few, common)
            c6, cn = gentlest_tied(six, tie), gentlest_tied(few, tie)
            # Per probe: a converged run's ladder may have stopped after its first.
            cost = (sum(st["planned"] for st in few) / len(few)) / (
                sum(st["planned"] for st in six) / len(six)
            )
            ranking = "same" if by6 == byn else f"{byn} against {by6}"
            best6 = min(st["estimate"] for st in six)
            bestn = min(st["estimate"] for st in few)
            lines.append(
                f"- {Path(path).stem} rows {rows}: chosen {cn:g} (6 rows: {c6:g})"
                f"{' DIFFERS' if cn != c6 else ''}; ranking {ranking}; best {bestn:.2g} "
                f"against {best6:.2g}; planned x{cost:.2f}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*")
    parser.add_argument("--budget", type=float, default=None)
    parser.add_argument("--old", default="/work/main")
    parser.add_argument("--json", default=str(ROOT / "docs" / "figures" / "probe_plan.json"))
    parser.add_argument("--only", choices=("old", "new"))
    parser.add_argument("--table", action="store_true", help="print the table from --json only")
    parser.add_argument(
        "--rows", type=int, help="the rows experiment: width-512 ladders on this many rows"
    )
    parser.add_argument("--analyse", action="store_true", help="the old runs' probes in detail")
    parser.add_argument("--fresh", action="store_true", help="rerun what --json already holds")
    args = parser.parse_args(argv)
    store = Path(args.json)
    saved = json.loads(store.read_text()) if store.exists() else {}
    results = saved.get("runs", saved)  # (an early version kept the runs at the top)
    problems = [(f, args.budget) for f in args.files] if args.files else PROBLEMS
    order = [path for path, _ in problems]
    if args.rows is not None and not args.table:
        for path, _ in problems:
            entry = results.setdefault(path, {}).setdefault("rows", {})
            if str(args.rows) in entry and not args.fresh:
                continue
            entry[str(args.rows)] = ladder(path, args.rows)
            print(f"{path} rows {args.rows}: {listing(entry[str(args.rows)])}", flush=True)
            save(store, args.old, results)
    elif not args.table:
        sides = (args.only,) if args.only else ("old", "new")
        for side in sides:
            print(f"{side}: pinnls from {imported_from(side, args.old).strip()}", flush=True)
        for path, budget in problems:
            budget = args.budget if args.budget is not None else budget
            for side in sides:
                entry = results.setdefault(path, {})
                if side in entry and not args.fresh:
                    continue
                entry[side] = {**solve(path, side, args.old, budget), "budget": budget}
                run = entry[side]
                print(
                    f"{path} {side}: {listing(run)} planned {number(run.get('planned'), '.1f')} "
                    f"rel L2 {number(run.get('rel_l2'))} wall {run['wall']:.1f} s "
                    f"{run.get('error', '')}",
                    flush=True,
                )
                save(store, args.old, results)
    order = [p for p in order if p in results]
    if args.analyse:
        print(analyse(results, order, TIE, IMPROVEMENT))
        return
    print(table(results, order))
    print()
    print(summary(results, order))


if __name__ == "__main__":
    main()
