"""A shape's inflow grid in time against a box face's, and the aligned stage it feeds.

The same pulse (a = (0.8, 0.3), a Gaussian of width 0.1, over t in [0, 1]) on three domains:
the rectangle [0, 1.5] x [0, 1] as a ``Box``, the same rectangle as a ``Polygon``, and a
non-convex chevron (``benchmarks/user28/transport_chevron.py``'s). For each it prints the
inflow cloud that the automatic strategy's stage at width 1024 with aligned features draws
(the points along the edge y = 0 for x in [0, 1], and in time), and that stage's estimate and
rel L2 (steepness 3, aligned 1, tanh; docs/benchmarks.md section 49). Run it on two source
trees (``PYTHONPATH``) to compare them.

Usage::

    .venv/bin/python benchmarks/shape_boundary_grid.py [--json docs/figures/NAME.json]
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import sympy as sp
import torch
from figures import write_run

import pinnls
from pinnls import Box, Polygon, Problem
from pinnls.operators import CompiledProblem

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
DOMAINS = {
    "box": lambda: Box(x=(0, 1.5), y=(0, 1)),
    "rectangle as a Polygon": lambda: Polygon([(0, 0), (1.5, 0), (1.5, 1), (0, 1)]),
    "chevron": lambda: Polygon([(0, 0), (1, 0), (1.5, 0.5), (1, 1), (0, 1), (0.5, 0.5)]),
}
SETTINGS = {"width": 1024, "aligned": 1.0, "init_scale": 3.0, "activation": "tanh", "seed": 0}


def pulse(domain) -> Problem:
    """The chevron file's problem on ``domain`` x [0, 1]."""
    U = u(x, y, t)

    def g(px, py):
        return sp.exp(-((px - sp.Rational(6, 10)) ** 2 + (py - sp.Rational(4, 10)) ** 2) * 100)

    exact = g(x - sp.Rational(8, 10) * t, y - sp.Rational(3, 10) * t)
    problem = Problem(U, domain * Box(t=(0, 1)), name="pulse")
    problem.equation("pde", sp.Eq(U.diff(t) + U.diff(x) * 8 / 10 + U.diff(y) * 3 / 10, 0))
    problem.condition("initial", sp.Eq(u(x, y, 0), g(x, y)))
    problem.inflow("inflow", sp.Eq(U, exact))
    problem.exact(exact)
    return problem


def measure(name: str) -> dict:
    """The stage's inflow grid along y = 0 and in time, its estimate and its error."""
    drawn = []
    refined = CompiledProblem.refined

    def keep(self, *args, **kwargs):
        out = refined(self, *args, **kwargs)
        drawn.append(out)
        return out

    CompiledProblem.refined = keep
    try:
        began = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # an unresolved stage says so; the table shows it
            solution = pinnls.solve(pulse(DOMAINS[name]()), **SETTINGS)
        seconds = time.perf_counter() - began
    finally:
        CompiledProblem.refined = refined
    inflow = next(term for term in drawn[-1].terms if term.name == "inflow")
    # the edge y = 0 over x in [0, 1] lies on all three domains' inflow
    on = np.isclose(inflow.points[:, 1], 0.0) & (inflow.points[:, 0] <= 1.0)
    edge = inflow.points[on]
    return {
        "domain": name,
        "inflow_rows": int(inflow.size),
        "along_edge": len(np.unique(np.round(edge[:, 0], 9))),
        "in_time": len(np.unique(np.round(edge[:, 2], 9))),
        "estimate": solution.validation["total"],
        "rel_l2": solution.errors()["rel_l2"],
        "seconds": seconds,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="write the rows here")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    rows = []
    print("| domain | inflow rows | along y = 0, x <= 1 | in time | estimate | rel L2 | s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name in DOMAINS:
        r = measure(name)
        rows.append(r)
        print(
            f"| {name} | {r['inflow_rows']} | {r['along_edge']} | {r['in_time']} | "
            f"{r['estimate']:.2e} | {r['rel_l2']:.2e} | {r['seconds']:.1f} |",
            flush=True,
        )
    if args.json:
        write_run(args.json, "benchmarks/shape_boundary_grid.py", settings=SETTINGS, rows=rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
