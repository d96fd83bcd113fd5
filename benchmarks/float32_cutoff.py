"""The float32 cutoff fix on the CPU: rank and error with rcond eps * rows against eps * width.

The default least-squares cutoff was machine epsilon times ``max(rows, width)``; in float32 at
10^5 rows that cut much of a width-256 basis. This script runs ``bench_scale.py``'s computation
(problems/advection_constant.py with its PDE cloud ``random:100000``, ReLU width 256, four LSGD
iterations) in float32 with the old cutoff passed explicitly and with the default (epsilon times
the width), and in float64 for reference. It writes ``docs/figures/float32_cutoff.json``. About
a minute on one core.

Usage: ``python benchmarks/float32_cutoff.py [--rows 1e5] [--width 256] [--json PATH]``
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import torch

from pinnls import Settings, compile_problem, load_problem, solve

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=float, default=1e5)
    parser.add_argument("--width", type=int, default=256)
    parser.add_argument(
        "--json", type=Path, default=ROOT / "docs" / "figures" / "float32_cutoff.json"
    )
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    loaded = load_problem(ROOT / "problems" / "advection_constant.py")
    base = Settings.from_mapping(
        loaded.settings,
        width=args.width,
        iterations=4,
        eval_every=10**6,
        terms={"pde": {"points": f"random:{int(args.rows)}"}},
    )
    rows = compile_problem(loaded.problem, base).rows
    cases = {
        "float32, rcond eps * rows (old default)": base.replace(
            dtype="float32", rcond=torch.finfo(torch.float32).eps * rows
        ),
        "float32, default rcond (eps * width)": base.replace(dtype="float32"),
        "float64, default rcond": base,
    }
    results = {}
    for label, settings in cases.items():
        solution = solve(compile_problem(loaded.problem, settings), settings)
        results[label] = {
            "rank": solution.rank,
            "columns": args.width + 1,
            "rel_l2": solution.errors()["rel_l2"],
        }
        print(label, results[label])
    document = {
        "command": "python benchmarks/float32_cutoff.py",
        "rows": rows,
        "width": args.width,
        "results": results,
    }
    args.json.write_text(json.dumps(document, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
