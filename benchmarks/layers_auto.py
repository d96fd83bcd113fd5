"""Features across boundary layers: the defaults against ``--layers 0``, side by side.

For every problem whose ``CompiledProblem.layers()`` finds an outflow layer, runs
``pinnls solve FILE --threads 1`` twice at once, with the defaults (auto probes the layers,
step 1d) and with ``--layers 0`` (the strategy as it was before the probe: the same stages
otherwise), one torch thread each, and writes a JSON table (docs/benchmarks.md, "Boundary
layers")::

    PYTHONPATH=. python benchmarks/layers_auto.py --json docs/figures/layers_session13.json

Each row has the chosen width, steepness and choice, the stage count, the wall seconds of
the strategy (from report.json), the planned seconds and the rel L2 error against the exact
solution. Two processes at once on a 2-core machine: the wall seconds are of a busy machine;
the errors do not depend on the load (the plan reads no clock).

``--against`` names the settings of the other run (default ``--layers 0``): the cone of a
system of two (docs/benchmarks.md, section 29) was measured with::

    PYTHONPATH=. python benchmarks/layers_auto.py --against="--aligned 0" \
        --json docs/figures/system_cone_session14.json --problems problems/acoustics_*.py \
        problems/wave_first_order.py benchmarks/systems/*.py
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBLEMS = [
    "benchmarks/layers/steady_1d.py",
    "benchmarks/layers/reaction_1d.py",
    "benchmarks/drift/layer_1d.py",
    "benchmarks/drift/steady_2d.py",
    "benchmarks/suite/advection_diffusion.py",
    "benchmarks/drift/pulse_1d.py",
    "benchmarks/axes/advection_diffusion_2d.py",
    "benchmarks/drift/adr_2d.py",
    "benchmarks/drift/adv_diff_3d.py",
    "benchmarks/layers/cd2d.py",
    "benchmarks/one_axis/long_poisson.py",
]


def _start(problem: str, out: Path, extra: list[str]) -> subprocess.Popen:
    command = [sys.executable, "-m", "pinnls", "solve", str(ROOT / problem), "--threads", "1"]
    command += ["--quiet", "--format", "h5", "--out", str(out), *extra]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _row(out: Path) -> dict:
    report = json.loads((out / "report.json").read_text())
    strategy = report["strategy"]
    if strategy["name"] == "slabs":  # time slabs: the last slab's basis, the whole run's time
        last = strategy["per_slab"][-1]
        return {
            "width": last["width"],
            "scale": last["auto"]["scale"] if last["auto"] else None,
            "choice": f"{strategy['slabs']} slabs",
            "stages": None,
            "seconds": report["wall_seconds"],
            "planned": None,
            "stop": report["stop_reason"],
            "rel_l2": report["rel_l2_error"],
            "estimate": report["validation"]["total"],
            "layers": report.get("layers"),
        }
    chosen = strategy["chosen"]
    choice = []
    if chosen.get("aligned"):
        choice.append(f"aligned {chosen['aligned']:g}")
    if chosen.get("layers"):
        choice.append(f"layers {chosen['layers']:g}")
    return {
        "width": chosen["width"],
        "scale": chosen["scale"],
        "choice": ", ".join(choice),
        "stages": len(strategy["stages"]),
        "seconds": strategy["seconds"],
        "planned": strategy["planned"],
        "stop": strategy["stop_reason"],
        "rel_l2": report["rel_l2_error"],
        "estimate": chosen["estimate"],
        "layers": report.get("layers"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, required=True)
    parser.add_argument("--problems", nargs="*", default=PROBLEMS)
    parser.add_argument(
        "--against", default="--layers 0", help="the other run's settings (default: %(default)s)"
    )
    parser.add_argument(
        "--update", action="store_true", help="replace or add these problems' rows in --json"
    )
    args = parser.parse_args()
    kept = json.loads(args.json.read_text())["rows"] if args.update else []
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for problem in args.problems:
            name = Path(problem).stem
            outs = {side: Path(scratch) / f"{name}-{side}" for side in ("without", "defaults")}
            runs = {
                "without": _start(problem, outs["without"], args.against.split()),
                "defaults": _start(problem, outs["defaults"], []),
            }
            for side, process in runs.items():
                _, err = process.communicate()
                if process.returncode != 0:
                    raise SystemExit(f"{problem} ({side}) failed: {err.decode()[-400:]}")
            row = {"problem": problem, **{side: _row(outs[side]) for side in runs}}
            rows.append(row)
            w, d = row["without"], row["defaults"]
            print(
                f"{name:24s} without {w['rel_l2']:.3e} / {w['seconds']:6.1f} s  "
                f"defaults {d['rel_l2']:.3e} / {d['seconds']:6.1f} s  {d['choice']}",
                flush=True,
            )
    fresh = {row["problem"] for row in rows}
    order = {name: index for index, name in enumerate(PROBLEMS)}
    rows = sorted(
        [row for row in kept if row["problem"] not in fresh] + rows,
        key=lambda row: order.get(row["problem"], len(order)),
    )
    record = {
        "command": "PYTHONPATH=. python " + shlex.join(sys.argv),
        "against": args.against,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "note": "the two runs of a problem at once, one torch thread each (2-core VM)",
        "rows": rows,
    }
    args.json.write_text(json.dumps(record, indent=1) + "\n")


if __name__ == "__main__":
    main()
