"""What the boundary-layer probe costs where it loses: the defaults against ``--layers 0``.

Runs ``pinnls solve FILE --threads 1`` one after another, alternating ``--layers 0`` and the
defaults, ``--repeats`` times each, on a problem whose faces could carry a layer but whose data
make none (the pulse of benchmarks/drift/pulse_1d.py vanishes before it reaches the outflow
face), and writes each run's wall seconds, planned seconds, stage count and rel L2 error from
its report.json (docs/benchmarks.md, section 28)::

    PYTHONPATH=. python benchmarks/layers_probe_cost.py --json docs/figures/layers_probe_cost.json

Run it on an otherwise idle machine: the runs are one at a time, so their ratio is the probe's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, required=True)
    parser.add_argument("--problem", default="benchmarks/drift/pulse_1d.py")
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    runs = []
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as scratch:
        for repeat in range(args.repeats):
            for label, extra in (("--layers 0", ["--layers", "0"]), ("defaults", [])):
                out = Path(scratch) / f"{repeat}-{len(extra)}"
                command = [sys.executable, "-m", "pinnls", "solve", str(ROOT / args.problem)]
                command += ["--threads", "1", "--quiet", "--format", "h5", "--out", str(out)]
                subprocess.run(command + extra, env=env, check=True, capture_output=True)
                report = json.loads((out / "report.json").read_text())
                strategy = report["strategy"]
                runs.append(
                    {
                        "settings": label,
                        "seconds": strategy["seconds"],
                        "planned": strategy["planned"],
                        "stages": len(strategy["stages"]),
                        "rel_l2": report["rel_l2_error"],
                    }
                )
                print(json.dumps(runs[-1]), flush=True)
    medians = {
        label: statistics.median(r["seconds"] for r in runs if r["settings"] == label)
        for label in ("--layers 0", "defaults")
    }
    print(f"median {medians['defaults']:.1f} s against {medians['--layers 0']:.1f} s")
    record = {
        "command": "PYTHONPATH=. python benchmarks/layers_probe_cost.py --json " + str(args.json),
        "problem": args.problem,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "runs": runs,
    }
    args.json.write_text(json.dumps(record, indent=1) + "\n")


if __name__ == "__main__":
    main()
