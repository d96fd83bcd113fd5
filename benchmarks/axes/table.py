"""The benchmark of three and more axes: every problem with the defaults, in one table.

Solves each problem with ``pinnls solve`` and its defaults (the automatic strategy) at a stated
planned budget (``--budget``, default 60 planned seconds of the cost model: the plan reads no
clock, so the errors, widths and choices do not depend on the machine's load; only the wall
times do), one torch thread, ``nice -n 15``, one solve at a time. Each run writes its report to
``OUT/<name>/report.json`` and its row to ``OUT/<name>/row.json`` as soon as it ends, and the
JSON (``--json``) is rewritten after every problem, so a run that is stopped keeps what it had::

    PYTHONPATH=. .venv/bin/python benchmarks/axes/table.py --json docs/figures/axes_table.json

A run whose resident memory passes ``--memory-gb`` (default 8) is stopped and recorded as such
(PINNacle's PNd once grew past the machine's memory with a larger plan). ``--problems`` picks
some (comma-separated names of PROBLEMS); their rows replace those already in the JSON.
``--from-runs`` solves nothing and collects the rows already in ``OUT``. The markdown table
is printed and written to ``OUT/table.md``.

PINNacle's numbers are those reported in Hao et al., "PINNacle: A Comprehensive Benchmark of
Physics-Informed Neural Networks for Solving PDEs" (NeurIPS 2024), mean L2RE: "not found"
where the stored sources available here did not give the paper's table.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent.relative_to(ROOT)

NOT_FOUND = "not found"
#: name -> (problem file, PINNacle's case or None). Order: the table's.
PROBLEMS = {
    "transport_constant_2d": (f"{HERE}/transport_constant_2d.py", None),
    "rotation_2d": ("problems/rotation_2d.py", None),
    "transport_shear_2d": (f"{HERE}/transport_shear_2d.py", None),
    "advection_diffusion_2d": (f"{HERE}/advection_diffusion_2d.py", None),
    "heat_anisotropic_2d": (f"{HERE}/heat_anisotropic_2d.py", None),
    "wave_2d": (f"{HERE}/wave_2d.py", None),
    "transport_steady_3d": (f"{HERE}/transport_steady_3d.py", None),
    "transport_3d_time": (f"{HERE}/transport_3d_time.py", None),
    "heat_2d_ms": (f"{HERE}/heat_2d_ms.py", "Heat 2d-MS"),
    "wave_1d_c": (f"{HERE}/wave_1d_c.py", "Wave 1d-C"),
    "wave_2d_ms": (f"{HERE}/wave_2d_ms.py", "Wave 2d-MS"),
    "poisson_nd": (f"{HERE}/poisson_nd.py", "PNd"),
}
#: PINNacle's reported mean L2RE per case: vanilla PINN, and the best method with its name.
PINNACLE = {
    case: {"pinn": NOT_FOUND, "best": NOT_FOUND, "best_method": NOT_FOUND}
    for case in ("Heat 2d-MS", "Wave 1d-C", "Wave 2d-MS", "PNd")
}

GIB = 1024**3


def _rss(pid: int) -> int:
    """Resident bytes of a process and its children (0 once it is gone)."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(child) for child in children]
    except OSError:
        pass
    for one in pids:
        try:
            for line in Path(f"/proc/{one}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def _available() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) * 1024
    return 0


def solve(name: str, out: Path, budget: float, memory_gb: float, timeout: float) -> dict:
    """Run one problem; returns what the runner measured (not what the report says)."""
    problem, _ = PROBLEMS[name]
    folder = out / name
    if folder.exists():
        shutil.rmtree(folder)  # a stale lock or report of an earlier run must not be read
    folder.mkdir(parents=True)
    command = ["nice", "-n", "15", sys.executable, "-m", "pinnls", "solve", problem]
    command += ["--budget", str(budget), "--threads", "1", "--quiet", "--format", "h5"]
    command += ["--out", str(folder)]
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    load_before = os.getloadavg()[0]
    began = time.perf_counter()
    peak, least_available, stopped = 0, _available(), None
    with open(folder / "stderr.txt", "w") as stderr:
        child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=stderr, stderr=stderr)
        while child.poll() is None:
            time.sleep(0.5)
            peak = max(peak, _rss(child.pid))
            least_available = min(least_available, _available())
            elapsed = time.perf_counter() - began
            if peak > memory_gb * GIB or elapsed > timeout:
                stopped = (
                    f"stopped at {peak / GIB:.1f} GiB resident (limit {memory_gb:g})"
                    if peak > memory_gb * GIB
                    else f"stopped after {elapsed:.0f} s (limit {timeout:g})"
                )
                child.send_signal(signal.SIGTERM)
                try:
                    child.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    child.kill()
                    child.wait()
    return {
        "process_wall": time.perf_counter() - began,
        "returncode": child.returncode,
        "load_before": load_before,
        "load": os.getloadavg()[0],
        "peak_rss_gib": peak / GIB,
        "least_available_gib": least_available / GIB,
        "stopped": stopped,
        "command": " ".join(command[3:]),
        "budget": budget,
    }


def _choice(report: dict) -> dict:
    """Width, scale, per-axis factors, slabs and stop reason, from a plain or a slab run."""
    strategy = report.get("strategy") or {}
    if strategy.get("name") == "slabs":
        per = strategy["per_slab"]
        autos = [row.get("auto") or {} for row in per]
        return {
            "width": [row["width"] for row in per],
            "scale": [auto.get("scale") for auto in autos],
            "axis_scales": autos[0].get("axis_scales") if autos else None,
            "aligned": autos[0].get("aligned", 0.0) if autos else 0.0,
            "slabs": strategy["slabs"],
            "stop_reason": sorted({row["stop_reason"] for row in per}),
            "estimate": report.get("validation", {}).get("total")
            if isinstance(report.get("validation"), dict)
            else None,
            "slab_rule": (strategy.get("decision") or {}).get("rule"),
        }
    chosen = strategy.get("chosen") or {}
    considered = strategy.get("slabs_considered") or {}
    return {
        "width": chosen.get("width"),
        "scale": chosen.get("scale"),
        "axis_scales": chosen.get("axis_scales"),
        "aligned": chosen.get("aligned", 0.0),
        "slabs": 1,
        "stop_reason": strategy.get("stop_reason", report.get("stop_reason")),
        "estimate": chosen.get("estimate"),
        "slab_rule": considered.get("rule"),
    }


def row(name: str, folder: Path, measured: dict | None) -> dict:
    problem, case = PROBLEMS[name]
    out = {"problem": problem, "pinnacle_case": case}
    if case is not None:
        out["pinnacle"] = PINNACLE[case]
    path = folder / name / "report.json"
    if path.exists():
        report = json.loads(path.read_text())
        out.update(
            axes=report["axes"],
            rel_l2_error=report["rel_l2_error"],
            max_error=report["max_error"],
            wall_seconds=report["wall_seconds"],
            planned=(report.get("strategy") or {}).get("planned"),
            **_choice(report),
        )
    else:
        from pinnls import load_problem  # only for the axes of a run that left no report

        axes = load_problem(ROOT / problem).problem.domain.axes
        out.update(axes=list(axes), rel_l2_error=None, stop_reason="no report")
    if measured:
        out.update(measured)
        if measured.get("stopped"):
            out["stop_reason"] = measured["stopped"]
    return out


def _ordered(rows: dict) -> dict:
    """PROBLEMS' order, each problem's rows at other budgets (NAME@BUDGET) after its own."""
    rank = {name: index for index, name in enumerate(PROBLEMS)}
    return dict(sorted(rows.items(), key=lambda item: (rank[item[0].split("@")[0]], item[0])))


def _number(value) -> str:
    return "-" if value is None else f"{value:.2e}"


def _list(values) -> str:
    if not isinstance(values, list):
        return "-" if values is None else f"{values:g}"
    distinct = sorted(set(v for v in values if v is not None))
    return "/".join(f"{v:g}" for v in distinct) or "-"


def markdown(rows: dict) -> str:
    lines = [
        "| problem | axes | width, scale, axis scales | slabs | stop | rel L2 | wall (load) "
        "| PINNacle PINN | PINNacle best |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, r in rows.items():
        factors = r.get("axis_scales")
        factors = ", ".join(f"{k}={v:g}" for k, v in factors.items()) if factors else "none"
        if r.get("aligned"):
            factors += f", aligned {r['aligned']:g}"
        stop = r.get("stop_reason")
        stop = ", ".join(stop) if isinstance(stop, list) else stop
        axes = ", ".join(r["axes"]) if r.get("axes") else "-"
        wall = r.get("process_wall", r.get("wall_seconds"))
        wall = "-" if wall is None else f"{wall:.0f} s ({r.get('load', float('nan')):.1f})"
        if "@" in name:
            base, budget = name.split("@")
            name = f"{base}, budget {budget}"
        case = r.get("pinnacle_case")
        pinn = best = ""
        if case:
            reported = r["pinnacle"]
            pinn, best = reported["pinn"], reported["best"]
            name = f"{name} ({case})"
        lines.append(
            f"| {name} | {axes} | {_list(r.get('width'))}, {_list(r.get('scale'))}, {factors} "
            f"| {r.get('slabs', '-')} | {stop} | {_number(r.get('rel_l2_error'))} | {wall} "
            f"| {pinn} | {best} |"
        )
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", required=True)
    parser.add_argument("--out", default="results/axes_table", help="where the runs write")
    parser.add_argument("--budget", type=float, default=60.0, help="planned seconds per run")
    parser.add_argument("--problems", default=None, help="comma-separated names of PROBLEMS")
    parser.add_argument("--memory-gb", type=float, default=8.0, help="stop a run past this RSS")
    parser.add_argument("--timeout", type=float, default=1800.0, help="stop a run after this")
    parser.add_argument("--from-runs", action="store_true", help="collect OUT, solve nothing")
    parser.add_argument(
        "--keep-budget",
        action="store_true",
        help="store the rows as NAME@BUDGET beside those of the main budget (a second budget)",
    )
    args = parser.parse_args(argv)
    names = args.problems.split(",") if args.problems else list(PROBLEMS)
    unknown = [name for name in names if name not in PROBLEMS]
    if unknown:
        parser.error(f"unknown problem(s) {', '.join(unknown)}; known: {', '.join(PROBLEMS)}")
    folder = ROOT / args.out
    target = Path(args.json)
    data = json.loads(target.read_text()) if target.exists() else {}
    rows = dict(data.get("rows", {}))
    for name in names:
        if args.from_runs:
            saved = folder / name / "row.json"
            measured = json.loads(saved.read_text()).get("measured") if saved.exists() else None
        else:
            print(f"{name}: solving", flush=True)
            measured = solve(name, folder, args.budget, args.memory_gb, args.timeout)
        key = f"{name}@{args.budget:g}" if args.keep_budget else name
        rows[key] = row(name, folder, measured)
        if not args.from_runs:
            record = {"measured": measured, "row": rows[key]}
            (folder / name / "row.json").write_text(json.dumps(record, indent=2) + "\n")
        print(key, json.dumps(rows[key]), flush=True)
        ordered = _ordered(rows)
        data = {
            "command": data.get("command")
            or "PYTHONPATH=. .venv/bin/python benchmarks/axes/table.py "
            f"--json {args.json} --budget {args.budget:g}",
            "budget": data.get("budget", args.budget),
            "pinnacle_source": "Hao et al., NeurIPS 2024, mean L2RE; 'not found' where the "
            "paper's table was not available to check",
            "rows": ordered,
        }
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(data, indent=2) + "\n")
    table = markdown(_ordered(rows))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "table.md").write_text(table)
    print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
