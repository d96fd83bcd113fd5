"""Run the untuned benchmark suite (benchmarks/suite/*.py) and print one table row per problem.

Each problem file declares an exact solution and no ``settings``, so every run measures the
solver's defaults (or the flags passed with ``--extra``), not per-file tuning. For each file the
script runs ``pinnls solve FILE --threads N --quiet --out OUT/NAME [--time-limit S] EXTRA`` in a
subprocess, reads ``OUT/NAME/report.json`` and prints a markdown table: problem name, number of
axes, relative L2 error, validation total, chosen width, rows (points over all terms), wall
time (the report's ``wall_seconds``), elapsed time of the whole subprocess and exit status. The
last lines give how many problems reached rel L2 <= 1e-4 and the median error. The JSON rows
also keep each run's warnings (an unresolved solve's advice among them).

Usage::

    python benchmarks/suite.py [FILE ...] [--time-limit S] [--threads 1] [--out results/suite]
                               [--json rows.json] [--extra "--activation tanh --width 1536"]

One flag alone needs the ``=`` form, ``--extra=--no-particular`` (argparse reads a lone value
that starts with ``-`` as an option of its own).
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT / "benchmarks" / "suite"
TARGET = 1e-4


def pinnls_command() -> list[str]:
    """The pinnls CLI next to this interpreter, else ``python -m pinnls``."""
    exe = Path(sys.executable).with_name("pinnls")
    if exe.exists():
        return [str(exe)]
    return [sys.executable, "-m", "pinnls"]


def suite_files(names: list[str]) -> list[Path]:
    if not names:
        return sorted(p for p in SUITE.glob("*.py") if not p.name.startswith("_"))
    files = []
    for name in names:
        path = Path(name)
        if not path.exists() and (SUITE / name).exists():
            path = SUITE / name
        elif not path.exists() and (SUITE / f"{name}.py").exists():
            path = SUITE / f"{name}.py"
        if not path.exists():
            raise SystemExit(f"suite.py: no such problem file: {name}")
        files.append(path)
    return files


def problem_info(path: Path) -> tuple[str, int | None]:
    """The problem's name and axis count, read by loading the file (fallback: the file stem)."""
    try:
        from pinnls import load_problem

        problem = load_problem(path).problem
        return problem.name, len(problem.domain.axes)
    except Exception:  # noqa: BLE001 - the run below reports the real failure
        return path.stem.replace("_", "-"), None


def safe_name(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)


def rows_of(report: dict) -> int | None:
    """Total points over all terms: ``report["rows"]`` if present, else summed from ``terms``."""
    if isinstance(report.get("rows"), int):
        return report["rows"]
    terms = report.get("terms")
    if isinstance(terms, dict) and terms:
        sizes = [t.get("points") if isinstance(t, dict) else None for t in terms.values()]
        if all(isinstance(s, int) for s in sizes):
            return sum(sizes)
    return None


def run_one(path: Path, args: argparse.Namespace, extra: list[str]) -> dict:
    name, axes = problem_info(path)
    out = Path(args.out) / safe_name(name)
    report_path = out / "report.json"
    if report_path.exists():
        report_path.unlink()  # never read a stale report from an earlier run
    command = [*pinnls_command(), "solve", str(path), "--threads", str(args.threads), "--quiet"]
    command += ["--out", str(out)]
    if args.time_limit is not None:
        command += ["--time-limit", str(args.time_limit)]
    command += extra
    for attempt in range(args.import_retries + 1):
        start = time.perf_counter()
        proc = subprocess.run(command, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        broken = "ImportError" in proc.stderr or "ModuleNotFoundError" in proc.stderr
        if proc.returncode == 0 or not broken or attempt == args.import_retries:
            break
        # The package failed to import (e.g. a checkout being edited): wait and try again.
        time.sleep(args.retry_wait)
    row = {
        "file": str(path),
        "name": name,
        "axes": axes,
        "rel_l2": None,
        "validation": None,
        "width": None,
        "rows": None,
        "wall": None,
        "elapsed": elapsed,
        "status": proc.returncode,
        "error": None,
        "command": shlex.join(command),
        # --quiet drops the bar and the summary, not the warnings (an unresolved solve's among
        # them), which a row without them would hide
        "warnings": [line for line in proc.stderr.splitlines() if "warning:" in line],
    }
    if proc.returncode != 0:
        lines = (proc.stderr or proc.stdout).strip().splitlines()
        row["error"] = lines[-1] if lines else f"exit {proc.returncode}"
    try:
        report = json.loads(report_path.read_text())
    except (OSError, ValueError) as exc:
        if row["error"] is None:
            row["error"] = f"no report: {exc}"
        return row
    settings = report.get("settings") or {}
    validation = report.get("validation")
    row.update(
        rel_l2=report.get("rel_l2_error"),
        validation=validation.get("total") if isinstance(validation, dict) else None,
        width=settings.get("width"),
        rows=rows_of(report),
        wall=report.get("wall_seconds"),
    )
    if axes is None and isinstance(report.get("axes"), list):
        row["axes"] = len(report["axes"]) or None
    return row


def fmt(value, spec: str = "") -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "-"
    return format(value, spec)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", help="problem files or names (default: all of suite/)")
    parser.add_argument("--time-limit", type=float, default=None, help="seconds per problem")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", default="results/suite/")
    parser.add_argument("--json", default=None, help="write all rows as JSON to this path")
    parser.add_argument(
        "--import-retries",
        type=int,
        default=3,
        help="rerun a problem whose run failed with an ImportError this many times (3)",
    )
    parser.add_argument("--retry-wait", type=float, default=30.0, help="seconds between retries")
    parser.add_argument(
        "--extra",
        default="",
        help='extra pinnls flags, e.g. "--width 64"; one flag alone: --extra=--no-particular',
    )
    args = parser.parse_args(argv)

    files = suite_files(args.files)
    extra = shlex.split(args.extra)
    now = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    print(f"# pinnls benchmark suite, {now}")
    print(
        f"machine: {platform.platform()}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs; python {platform.python_version()}"
    )
    print(
        f"threads {args.threads}; time limit {fmt(args.time_limit)} s; "
        f"extra flags: {args.extra or '(none)'}; {len(files)} problems"
    )
    print()

    rows = []
    print("| problem | axes | rel L2 | validation | width | rows | wall s | elapsed s | status |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for path in files:
        row = run_one(path, args, extra)
        rows.append(row)
        print(
            f"| {row['name']} | {fmt(row['axes'])} | {fmt(row['rel_l2'], '.2e')} "
            f"| {fmt(row['validation'], '.2e')} | {fmt(row['width'])} | {fmt(row['rows'])} "
            f"| {fmt(row['wall'], '.1f')} | {row['elapsed']:.1f} | {row['status']} |",
            flush=True,
        )

    print()
    for row in rows:
        if row["error"]:
            print(f"{row['name']}: {row['error']}")
    errors = [r["rel_l2"] for r in rows if isinstance(r["rel_l2"], (int, float))]
    errors = [e for e in errors if math.isfinite(e)]
    reached = sum(e <= TARGET for e in errors)
    median = statistics.median(errors) if errors else None
    print(f"reached rel L2 <= {TARGET:g}: {reached} of {len(rows)}")
    print(f"median rel L2: {fmt(median, '.2e')}")
    total = sum(r["elapsed"] for r in rows)
    print(f"total elapsed: {total:.0f} s")

    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n")
    return 0 if all(r["status"] == 0 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
