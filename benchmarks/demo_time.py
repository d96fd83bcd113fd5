"""The README's demo time: ``make demo``'s solve, timed.

Runs what ``make demo`` runs (``pinnls solve problems/advection_constant.py --threads 1``) into a
temporary folder and writes ``docs/figures/demo_time.json`` with the report's training time
(``wall_seconds``), the command's elapsed time and the error. About 15 s on one core.

Usage: ``python benchmarks/demo_time.py [--json PATH]``
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, default=ROOT / "docs" / "figures" / "demo_time.json")
    args = parser.parse_args(argv)
    pinnls = Path(sys.executable).with_name("pinnls")
    with tempfile.TemporaryDirectory() as out:
        command = [str(pinnls), "solve", "problems/advection_constant.py", "--threads", "1"]
        start = time.perf_counter()
        subprocess.run([*command, "--quiet", "--out", out], cwd=ROOT, check=True)
        elapsed = time.perf_counter() - start
        report = json.loads((Path(out) / "report.json").read_text())
    document = {
        "command": "python benchmarks/demo_time.py",
        "machine": f"{platform.platform()}, {platform.processor() or platform.machine()}",
        "training_seconds": report["wall_seconds"],
        "elapsed_seconds": elapsed,
        "rel_l2": report["rel_l2_error"],
    }
    args.json.write_text(json.dumps(document, indent=1) + "\n")
    print(json.dumps(document, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
