"""How far each condition on derivatives misses its data, in the values' units, beside the
validation estimate and the true error.

For each problem file (the defaults, one thread): the rel L2 error, the validation estimate
(``validation.total``), whether the run warned that a term is hidden
(``warn_hidden_terms``, "misses"), and for each condition of order 1 or more: its RMS
residual on fresh points, its data's RMS, the basis's gain under its operator
(``pinnls.training.diagnostics._gains``: ``||L_k[Phi]|| / ||Phi||`` at up to 256 of its
points), the miss ``rms / (gain * size)`` (``size``: the largest RMS of the values' data or
of the solution at the equation's points, as the warning reads it) and the miss over the
estimate. Where the estimate reads low (error / estimate well above 1) and the run said
nothing, this shows whether a flux held the error. Plain script: the wall seconds are one
run's, not a timing.

Usage::

    .venv/bin/python benchmarks/flux_miss.py --json docs/figures/NAME.json FILE ...
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
import warnings
from pathlib import Path


def measure(path: str) -> dict:
    import torch

    import pinnls
    from pinnls.training.diagnostics import _gains, _size

    torch.set_num_threads(1)
    started = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        solution = pinnls.solve(path)
    wall = time.perf_counter() - started
    said = [str(w.message) for w in caught if issubclass(w.category, pinnls.PinnlsWarning)]
    errors = solution.errors()
    validation = solution.validation or {}
    entries = validation.get("terms", {})
    terms = solution.compiled.terms
    values = [entries[t.name]["rhs_rms"] for t in terms if t.order == 0 and t.name in entries]
    size = max(max(values, default=0.0), _size(solution))
    derivatives = [
        t.name for t in terms if t.order > 0 and t.kind == "condition" and t.name in entries
    ]
    gains = _gains(solution, derivatives)
    total = validation.get("total")
    rows = []
    for name in derivatives:
        entry, gain = entries[name], gains.get(name)
        miss = entry["rms"] / (gain * size) if gain and size > 0 else None
        rows.append(
            {
                "term": name,
                "rms": entry["rms"],
                "rhs_rms": entry["rhs_rms"],
                "relative": entry.get("relative"),
                "gain": gain,
                "miss": miss,
                "over_estimate": miss / total if miss is not None and total else None,
            }
        )
    return {
        "rel_l2_error": None if errors is None else errors.get("rel_l2"),
        "estimate": total,
        "size": size,
        "wall_seconds": wall,
        "hidden_warning": next((m for m in said if "misses" in m), None),
        "warnings": said,
        "derivative_conditions": rows,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json")
    parser.add_argument("problems", nargs="+")
    args = parser.parse_args()
    rows = {}
    for path in args.problems:
        try:
            rows[path] = measure(path)
        except Exception as error:  # a benchmark row, not a crash of the table
            rows[path] = {"failed": f"{type(error).__name__}: {error}"}
        row = rows[path]
        worst = max(
            (r["over_estimate"] for r in row.get("derivative_conditions", [])
             if r["over_estimate"] is not None),
            default=None,
        )  # fmt: skip
        print(
            f"{path}: error {row.get('rel_l2_error')}, estimate {row.get('estimate')}, "
            f"worst flux miss / estimate {worst}, warned {row.get('hidden_warning') is not None}",
            flush=True,
        )
        if args.json:
            record = {
                "command": "python benchmarks/flux_miss.py --json "
                + args.json
                + " "
                + " ".join(args.problems),
                "machine": f"{platform.machine()} {platform.system()} {platform.release()}, "
                f"Python {platform.python_version()}",
                "date": time.strftime("%Y-%m-%d"),
                "rows": rows,
            }
            Path(args.json).write_text(json.dumps(record, indent=1, allow_nan=True) + "\n")
    return 0 if all("failed" not in row for row in rows.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
