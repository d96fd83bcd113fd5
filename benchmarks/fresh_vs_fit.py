"""The residual between a cloud's points against the residual on them, per term.

Solves a problem file at fixed settings, once per ``--case`` (a JSON object of settings, as
``pinnls.solve`` takes them), and prints per term the RMS residual on the fit's own points, on
fresh uniformly random points (the validation estimate's) and their ratio, with the rel L2
error and the estimate. A ratio far above 1 says the cloud is too coarse for the basis: the fit
is free between its points (session 28: aligned features on a grid, docs/benchmarks.md
section 48).

Usage::

    .venv/bin/python benchmarks/fresh_vs_fit.py FILE --case '{"width": 1536, ...}' \\
        --case '{...}' [--json docs/figures/NAME.json]
"""

from __future__ import annotations

import argparse
import json
import math
import time
import warnings

import torch
from figures import write_run

import pinnls


def measure(path: str, case: dict) -> dict:
    """One solve of ``path`` with the settings of ``case``, and its residuals per term."""
    began = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # an unresolved case says so; the table shows it
        solution = pinnls.solve(path, **case)
    seconds = time.perf_counter() - began
    validation = solution.validation
    sizes = {term.name: term.size for term in solution.compiled.terms}
    terms = {}
    for name, fresh in validation["terms"].items():
        weight = fresh["weight"]
        fit = math.sqrt(max(solution.history.terms[name][-1], 0.0) / weight)
        terms[name] = {
            "rows": int(sizes[name]),
            "fit": fit,
            "fresh": fresh["rms"],
            "ratio": fresh["rms"] / max(fit, 1e-300),
        }
    return {
        "case": case,
        "rel_l2": solution.errors()["rel_l2"],
        "estimate": validation["total"],
        "seconds": seconds,
        "rank": int(solution.rank),
        "terms": terms,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--case", action="append", required=True, help="settings as JSON")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--json", help="write the record here")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    rows = []
    for text in args.case:
        row = measure(args.file, json.loads(text))
        rows.append(row)
        print(
            f"{text}\n  rel L2 {row['rel_l2']:.3g}, estimate {row['estimate']:.3g}, "
            f"{row['seconds']:.1f} s, rank {row['rank']}"
        )
        for name, term in row["terms"].items():
            print(
                f"    {name:<10} rows {term['rows']:>7}  fit {term['fit']:.3g}  "
                f"fresh {term['fresh']:.3g}  ratio {term['ratio']:.3g}"
            )
    if args.json:
        write_run(
            args.json, "benchmarks/fresh_vs_fit.py", threads=args.threads, file=args.file, rows=rows
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
