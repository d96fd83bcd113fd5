"""How much of each file's solution the initial data's Gaussians carry in free space
(:class:`pinnls.particular.Spreading`): where the exact solution *is* that evolution and the
boundary's data are the exact values, the run is exact whatever the basis, which says nothing
of the numerical method (``--no-particular`` measures that).

For each problem file whose particular solution has a Spreading part, at 2000 seeded random
points of the box: the number of Gaussians, whether the flow varies (``A`` of ``b + A x``),
``max |u - u_p| / max |u|`` against the file's exact solution (u_p the whole particular
solution, the source's part included), whether a wind that changes in time carries it, and
the seconds to build and evaluate it.

Usage::

    .venv/bin/python benchmarks/spreading_share.py FILE ... [--json OUT]
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
from figures import write_run

from pinnls.particular import Spreading, components
from pinnls.symbolic.compiler import compile_problem
from pinnls.symbolic.loader import load_problem


def share(path: str) -> dict | None:
    """The row of one file, or None where it has no Spreading part or no exact solution."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        problem = load_problem(path).problem
        start = time.perf_counter()
        compiled = compile_problem(problem)
        made = compiled.particular_solution()
        parts = components(made)
        spreading = [part for part in parts if isinstance(part, Spreading)]
        if not spreading or compiled.exact is None:
            return None
        points = np.random.default_rng(0).uniform(
            compiled.lower, compiled.upper, (2000, compiled.dim)
        )
        values = made(points)
        seconds = time.perf_counter() - start
    # the file's exact solution as the solve reads it (parameters put in)
    exact = np.asarray(compiled.exact(points), dtype=np.float64).reshape(2000, -1)[:, 0]
    (part,) = spreading
    return {
        "file": path,
        "gaussians": part.size,
        "flow": bool(part.flow is not None and np.any(part.flow)),
        "wind": part.wind is not None,
        "parts": [type(p).__name__ for p in parts],
        "rest": float(np.abs(exact - values).max() / np.abs(exact).max()),
        "seconds": seconds,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--json")
    args = parser.parse_args()
    rows = []
    print("| file | Gaussians | flow varies | parts | max abs(u - u_p) / max abs(u) | s |")
    print("| --- | ---: | --- | --- | ---: | ---: |")
    for path in args.files:
        row = share(path)
        if row is None:
            continue
        rows.append(row)
        print(
            f"| {path} | {row['gaussians']} | {'yes' if row['flow'] else 'no'} | "
            f"{', '.join(row['parts'])} | {row['rest']:.2e} | {row['seconds']:.2f} |"
        )
    exact = sum(row["rest"] < 1e-10 for row in rows)
    print(f"\n{exact} of {len(rows)} files: u_p is u to 1e-10 of its largest value")
    if args.json:
        write_run(args.json, "benchmarks/spreading_share.py", rows=rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
