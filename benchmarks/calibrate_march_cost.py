"""The cost of a transport source's march along a variable flow, for the plan.

:class:`pinnls.particular.Carried` marches every condition point (and its fresh validation
points) back along the flow in each stage's new clouds; the automatic strategy's plan charges
that (:func:`pinnls.training.cost.march_stage`) as ``E (A n + B)``: ``E`` the evaluations of the
fields (the points' step counts times the tableau's stages), ``n`` the nodes of the programs of
the flow, the reaction and the source (what one evaluation computes), ``A`` and ``B`` seconds.
A planned second must not depend on the machine's load, so the charge is this model, not a
clock.

For each problem file given whose ``u_p`` is a march, this times the march of ``--points``
uniformly random points (the median of ``--repeats``, one thread), and fits ``seconds / E = A n +
B`` by least squares.

Usage::

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/calibrate_march_cost.py \\
        --json docs/figures/NAME.json FILE ...
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings

import numpy as np
import torch
from figures import write_run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("problems", nargs="+")
    parser.add_argument("--points", type=int, default=8192)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    torch.set_num_threads(1)
    from pinnls import compile_problem, load_problem
    from pinnls.particular import Carried, _march
    from pinnls.training.cost import march_evaluations

    rows = []
    for path in args.problems:
        compiled = compile_problem(load_problem(path).problem)
        made = compiled.particular_solution()
        if not isinstance(made, Carried):
            print(f"{path}: no march")
            continue
        points = np.random.default_rng(0).uniform(compiled.lower, compiled.upper,
                                                  (args.points, compiled.dim))  # fmt: skip
        counts = made.counts(points)
        evaluations = march_evaluations(made, points)
        seconds = []
        for _ in range(args.repeats):
            started = time.process_time()
            _march(made, points, made.steps, counts)
            seconds.append(time.process_time() - started)
        row = {"problem": path, "steps": made.steps, "nodes": made.nodes,
               "evaluations": evaluations, "seconds": statistics.median(seconds)}  # fmt: skip
        rows.append(row)
        print(f"{path}: {made.steps} steps, {made.nodes} nodes, {evaluations:.3g} evaluations, "
              f"{row['seconds']:.3f} s, {row['seconds'] / evaluations:.3g} s each")  # fmt: skip
    nodes = np.array([r["nodes"] for r in rows], dtype=float)
    each = np.array([r["seconds"] / r["evaluations"] for r in rows])
    (a, b), *_ = np.linalg.lstsq(np.stack([nodes, np.ones_like(nodes)], 1), each, rcond=None)
    print(f"A = {a:.4g} s per node and evaluation, B = {b:.4g} s per evaluation")
    for r, n in zip(rows, nodes):
        r["predicted"] = float(r["evaluations"] * (a * n + b))
        print(f"  {r['problem']}: planned {r['predicted']:.3f} s / measured {r['seconds']:.3f} s "
              f"= {r['predicted'] / r['seconds']:.2f}")  # fmt: skip
    if args.json:
        write_run(args.json, "benchmarks/calibrate_march_cost.py", rows=rows,
                  constants=[float(a), float(b)])  # fmt: skip


if __name__ == "__main__":
    main()
