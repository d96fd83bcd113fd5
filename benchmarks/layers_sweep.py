"""Features across boundary layers: how many, on which clouds.

One least-squares stage of the automatic strategy (``width`` and ``init_scale`` given, so
exactly one stage on auto's clouds) on an outflow layer of width 0.01
(benchmarks/drift/layer_1d.py), for fractions of the features drawn across it (the ``layers``
setting), at two steepnesses, on the interior grid that auto's clouds have without layers and
on as many Sobol points (what they have with layers). Writes a JSON table (docs/benchmarks.md,
"Boundary layers")::

    PYTHONPATH=. python benchmarks/layers_sweep.py --json docs/figures/layers_sweep.json

One torch thread; the rel L2 error against the exact solution on the default grid, the
validation estimate, and the wall seconds of the ``pinnls.solve`` call.
"""

from __future__ import annotations

import argparse
import time
import warnings

import torch
from figures import machine, write_record

import pinnls
from pinnls.clouds import Grid, describe

PROBLEM = "benchmarks/drift/layer_1d.py"
WIDTH = 1024
SCALES = (2.0, 4.0)
FRACTIONS = (0.0, 0.125, 0.25, 0.5)


def _grid_points(problem) -> tuple[str, int]:
    """The interior grid that auto's clouds have at WIDTH without layers, as a setting, and
    its number of points."""
    from pinnls.training.stages import Stages

    compiled = pinnls.compile_problem(problem)
    sized = Stages(compiled, pinnls.Settings(), None, budget=None).sized(WIDTH)
    (pde,) = [term for term in sized.terms if term.kind == "equation"]
    assert isinstance(pde.cloud.spec, Grid)
    return describe(pde.cloud.spec), pde.size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", required=True)
    args = parser.parse_args()
    torch.set_num_threads(1)
    problem = pinnls.load_problem(PROBLEM).problem
    grid, size = _grid_points(problem)
    points = {"grid": grid, "sobol": f"sobol:{size}"}
    rows = []
    for clouds in ("sobol", "grid"):
        for scale in SCALES:
            for fraction in FRACTIONS:
                settings = {"width": WIDTH, "init_scale": scale, "layers": fraction}
                settings["terms"] = {"pde": {"points": points[clouds]}}
                start = time.perf_counter()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # unresolved ones say so
                    solution = pinnls.solve(problem, **settings)
                seconds = time.perf_counter() - start
                (pde,) = [term for term in solution.compiled.terms if term.kind == "equation"]
                row = {
                    "clouds": clouds,
                    "pde_points": describe(pde.cloud.spec),
                    "scale": scale,
                    "layers": fraction,
                    "rel_l2": solution.errors()["rel_l2"],
                    "estimate": solution.validation["total"],
                    "rank": int(solution.rank),
                    "seconds": seconds,
                }
                rows.append(row)
                print(
                    f"{clouds:5s} {row['pde_points']:14s} scale {scale:g} layers {fraction:<5g} "
                    f"rel L2 {row['rel_l2']:.2e} estimate {row['estimate']:.2e} "
                    f"rank {row['rank']} {seconds:.1f} s",
                    flush=True,
                )
    record = {
        "command": f"PYTHONPATH=. python benchmarks/layers_sweep.py --json {args.json}",
        "problem": PROBLEM,
        "width": WIDTH,
        "machine": machine(),
        "torch": torch.__version__,
        "rows": rows,
    }
    write_record(args.json, record)


if __name__ == "__main__":
    main()
