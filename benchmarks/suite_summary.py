"""Summarize a benchmark-suite run (the JSON of ``benchmarks/suite.py --json``) as markdown.

Prints the table of docs/benchmarks.md section 7 and the numbers quoted there and in the README:
how many problems reached rel L2 <= 1e-4 within 60 s, the median error, and how the validation
estimate relates to the true error (the ratio estimate / error per problem).

Usage::

    python benchmarks/suite_summary.py results/suite/final.json
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
from pathlib import Path

TARGET = 1e-4
BUDGET = 60.0


def fmt(value, spec: str) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "-"
    return format(value, spec)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("json", type=Path)
    args = parser.parse_args()
    rows = json.loads(args.json.read_text())
    print("| problem | axes | rel L2 | validation | estimate / error | width | rows | solve s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    ratios = []
    for row in rows:
        error, estimate = row["rel_l2"], row["validation"]
        ratio = estimate / error if error and estimate else None
        if ratio is not None:
            ratios.append(ratio)
        print(
            f"| {row['name']} | {row['axes']} | {fmt(error, '.2e')} | {fmt(estimate, '.2e')} "
            f"| {fmt(ratio, '.1f')} | {row['width']} | {row['rows']} | {fmt(row['wall'], '.1f')} |"
        )
    errors = [row["rel_l2"] for row in rows if row["rel_l2"] is not None]
    low_dim = [row for row in rows if row["axes"] is not None and row["axes"] <= 2]
    met = [
        row
        for row in low_dim
        if row["rel_l2"] is not None and row["rel_l2"] <= TARGET and row["wall"] <= BUDGET
    ]
    print()
    print(f"- problems: {len(rows)}; 1- and 2-axis: {len(low_dim)}")
    print(f"- 1- and 2-axis problems with rel L2 <= {TARGET:g} within {BUDGET:g} s: {len(met)}")
    print(f"- median rel L2 (all): {statistics.median(errors):.2e}")
    print(
        f"- median rel L2 (1- and 2-axis): "
        f"{statistics.median(r['rel_l2'] for r in low_dim if r['rel_l2'] is not None):.2e}"
    )
    if ratios:
        print(
            f"- validation estimate / true error: min {min(ratios):.2g}, median "
            f"{statistics.median(ratios):.2g}, max {max(ratios):.2g}; estimate >= error on "
            f"{sum(r >= 1 for r in ratios)} of {len(ratios)}"
        )
    walls = [row["wall"] for row in rows if row["wall"] is not None]
    print(f"- solve time: median {statistics.median(walls):.1f} s, max {max(walls):.1f} s")


if __name__ == "__main__":
    main()
