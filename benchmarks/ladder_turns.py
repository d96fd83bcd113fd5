"""Where the steepness ladders stored in docs/figures' reports turned, and where they would stop.

Reads every ``docs/figures/*report*.json`` whose automatic strategy recorded its stages, takes
the plain steepness ladder (the first probes at width 512, tanh, without aligned features,
per-axis factors, modes or layers, at rising scales of ``auto.SCALES``) and prints per ladder:
its estimates, whether they rose twice in a row from the first rung, whether a rung after the
third beat the best of the first three by more than ``auto.TIE`` (a dip that the tie rule
would choose), the rungs that ``auto.turned`` (the code as it is now) would have run, and
whether the tie rule chooses the same scale on those rungs as on all that ran. No solve is run.

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


def chosen(found: list[tuple[float, float]]) -> float:
    """The tie rule's scale on these rungs: the gentlest within ``auto.TIE`` of the best."""
    best = min(e for _, e in found)
    return min(scale for scale, e in found if e <= auto.TIE * best)


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
        now = stops_at(estimates)
        rows.append(
            {
                "report": Path(path).name,
                "scales": [scale for scale, _ in found],
                "estimates": estimates,
                "same_choice": chosen(found[:now]) == chosen(found),
                "rose_from_first": rose,
                "first_is_best": estimates[0] == best,
                "came_back": bool(came_back),
                "ran": len(estimates),
                "stops_now": now,
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
    distinct = {tuple(r["estimates"]) for r in rows}
    print(
        f"{len(rows)} ladders ({len(distinct)} distinct: some reports are the same run); "
        f"{len(rose)} rose twice from the first rung ({sum(r['ran'] > 3 for r in rose)} of them "
        f"ran on past the third), {sum(r['came_back'] for r in rose)} came back; "
        f"{sum(r['stops_now'] < r['ran'] for r in rows)} would stop sooner now, "
        f"{sum(r['ran'] - r['stops_now'] for r in rows)} rungs in all; the tie rule's choice "
        f"is the same on {sum(r['same_choice'] for r in rows)} of {len(rows)}"
    )
    if args.json:
        write_run(args.json, "benchmarks/ladder_turns.py", rows=rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
