"""The automatic strategy's stages, read from report.json files (``before_after.py --keep``).

Prints one line per stage (kind, width, steepness, per-axis factors, aligned fraction, share of
points drawn from a gradient, estimate, rel L2, seconds, planned seconds) under each file, and
with ``--json`` keeps them, so that a side by side's docs can quote what its stages read.

Usage: ``python benchmarks/stage_lists.py [--json PATH] REPORT.json ...``
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from figures import write_run

#: What each stage keeps from its record (None where a report has none).
KEYS = (
    "kind",
    "width",
    "scale",
    "axis_scales",
    "aligned",
    "adapted",
    "estimate",
    "rel_l2_error",
    "seconds",
    "planned",
)


def stages(report: dict) -> list[dict]:
    """The stages of one report's automatic strategy, each as :data:`KEYS` (empty where it
    has none: a fixed strategy, or time slabs)."""
    strategy = report.get("strategy") or {}
    return [{key: stage.get(key) for key in KEYS} for stage in strategy.get("stages") or ()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("reports", nargs="+", type=Path)
    args = parser.parse_args()
    files = []
    for path in args.reports:
        report = json.loads(path.read_text())
        listed = stages(report)
        files.append(dict(report=path.name, rel_l2=report.get("rel_l2_error"), stages=listed))
        print(path.name)
        for st in listed:
            print(
                f"  {st['kind']} {st['width']} scale {st['scale']} {st['axis_scales'] or ''} "
                f"aligned {st['aligned'] or 0:g} adapted {st['adapted'] or 0:g} "
                f"estimate {st['estimate']:.3g} rel L2 {st['rel_l2_error'] or float('nan'):.3g} "
                f"{st['seconds']:.1f} s, {st['planned'] or 0:.3g} planned"
            )
    if args.json:
        write_run(args.json, "benchmarks/stage_lists.py", files=files)
    return 0


if __name__ == "__main__":
    sys.exit(main())
