"""How much of each problem's exact solution the particular solution already is.

For each problem file: whether ``CompiledProblem.particular_solution()`` finds ``u_p``
(docs/guide.md, "A particular solution first"), its ``kind`` (exponentials, with their number
and polynomial degree; transported: the source integrated along a constant flow; carried:
marched along a variable flow's characteristics), and
``||u - u_p|| / ||u||`` at 2000 seeded random points of the domain: 0 to rounding where ``u_p`` is
the exact solution itself (the run is then exact whatever the basis, and says nothing of the
numerical method), else the share of ``u`` left to the network. Plain script, no timing.

Usage::

    .venv/bin/python benchmarks/particular_share.py --json docs/figures/NAME.json FILE ...
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path

import numpy as np


def share(path: str) -> dict:
    from pinnls import compile_problem, load_problem
    from pinnls.particular import Carried, Transported

    compiled = compile_problem(load_problem(path).problem)
    particular = compiled.particular_solution()
    if isinstance(particular, Transported):
        # the source integrated along the flow: no exponentials, its quadrature's panels
        kind = {"kind": "transported", "terms": None, "degree": None, "panels": particular.panels}
    elif isinstance(particular, Carried):
        # marched along a variable flow's characteristics: its Runge-Kutta steps
        kind = {"kind": "carried", "terms": None, "degree": None, "steps": particular.steps}
    elif particular is not None:
        kind = {"kind": "exponentials", "terms": particular.size, "degree": particular.degree}
    if particular is None or compiled.exact is None:
        return {**(kind if particular is not None else {"kind": None, "terms": None}), "left": None}
    points = np.random.default_rng(0).uniform(compiled.lower, compiled.upper, (2000, compiled.dim))
    if compiled.region is not None:
        points = points[compiled.contains(points)]
    exact = compiled.exact(points)
    left = float(np.linalg.norm(exact - particular(points)) / np.linalg.norm(exact))
    return {**kind, "left": left}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json")
    parser.add_argument("problems", nargs="+")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    rows = {}
    for path in args.problems:
        rows[path] = share(path)
        row = rows[path]
        left = "-" if row["left"] is None else f"{row['left']:.2e}"
        what = row["kind"] if row["kind"] != "exponentials" else f"{row['terms']} exponentials"
        print(f"{path}: {what}, u - u_p: {left}", flush=True)
    if args.json:
        record = {"command": " ".join(["benchmarks/particular_share.py", *sys.argv[1:]])}
        Path(args.json).write_text(json.dumps({**record, "rows": rows}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
