"""Where the steepness ladders stored in docs/figures' reports turned, and where they would stop.

Reads every ``docs/figures/*report*.json`` whose automatic strategy recorded its stages, takes
the plain steepness ladder (the first probes at width 512, tanh, without aligned features,
per-axis factors, modes or layers, at rising scales of ``auto.SCALES``) and prints per ladder:
its estimates, whether they rose twice in a row from the first rung, whether a rung after the
third beat the best of the first three by more than ``auto.TIE`` (a dip that the tie rule
would choose), and
the rungs that ``auto.turned`` (the code as it is now) would have run. No solve is run.

Usage::

    .venv/bin/python benchmarks/ladder_turns.py [--json docs/figures/NAME.json]
"""

from __future__ import annotations

import argparse
import glob
import json
from pathlib import Path

from figures import write_run

from pinnls.training import auto

ROOT = Path(__file__).resolve().parent.parent


def ladder(report: dict) -> list[tuple[float, float]]:
    """The plain ladder's ``(scale, estimate)`` at width 512, in the order it ran."""
    found: list[tuple[float, float]] = []
    for stage in (report.get("strategy") or {}).get("stages") or []:
        plain = not (
            stage.get("aligned")
            or stage.get("axis_scales")
            or stage.get("modes")
            or stage.get("layers")
        )
        if (
            stage.get("kind") == "probe"
            and stage.get("width") == 512
            and stage.get("activation") == "tanh"
            and plain
            and stage.get("scale") in auto.SCALES
            and (not found or stage["scale"] > found[-1][0])
        ):
            found.append((stage["scale"], stage["estimate"]))
    return found


def stops_at(estimates: list[float]) -> int:
    """The rungs that :func:`auto.turned` lets run on these estimates."""
    for count in range(1, len(estimates) + 1):
        if auto.turned(estimates[:count]):
            return count
    return len(estimates)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json")
    args = parser.parse_args()
    rows = []
    for path in sorted(glob.glob(str(ROOT / "docs/figures/*report*.json"))):
        try:
            report = json.loads(Path(path).read_text())
        except (OSError, ValueError):
            continue
        found = ladder(report)
        if len(found) < 3:
            continue
        estimates = [e for _, e in found]
        best = min(estimates)
        rose = estimates[0] < estimates[1] < estimates[2]
        # a rung after the third that beats the first three's best by more than TIE: the tie
        # rule would then choose it, so stopping at the third would change the choice
        came_back = any(auto.TIE * e < min(estimates[:3]) for e in estimates[3:])
        rows.append(
            {
                "report": Path(path).name,
                "estimates": estimates,
                "rose_from_first": rose,
                "first_is_best": estimates[0] == best,
                "came_back": bool(came_back),
                "ran": len(estimates),
                "stops_now": stops_at(estimates),
            }
        )
    print("| report | rungs run | rose from the first | first best | came back | stops now |")
    print("| --- | ---: | --- | --- | --- | ---: |")
    for r in rows:
        print(
            f"| {r['report']} | {r['ran']} | {r['rose_from_first']} | {r['first_is_best']} | "
            f"{r['came_back']} | {r['stops_now']} |"
        )
    rose = [r for r in rows if r["rose_from_first"]]
    print(
        f"{len(rows)} ladders; {len(rose)} rose twice from the first rung, "
        f"{sum(r['came_back'] for r in rose)} of them came back; "
        f"{sum(r['stops_now'] < r['ran'] for r in rows)} would stop sooner now, "
        f"{sum(r['ran'] - r['stops_now'] for r in rows)} rungs in all"
    )
    if args.json:
        write_run(args.json, "benchmarks/ladder_turns.py", rows=rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
