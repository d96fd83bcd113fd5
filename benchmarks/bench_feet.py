"""Operator blocks on the feet of characteristics: closed form against forward mode.

A basis drawn on the feet of a variable flow (``Basis.foot``) takes the second derivatives of
an operator in closed form (:func:`pinnls.numeric.basis.feet_operator_columns`, the frame's
own derivatives from :meth:`~pinnls.numeric.characteristic.FootMap.frame_with_second`), or
by nested forward mode through the RK4 march (:func:`pinnls.numeric.basis.jvp_only`). This
times both on the rotation-with-diffusion problem of ``benchmarks/drift/``: the PDE's block
alone and the whole system, at the clouds the automatic strategy sizes for the width::

    PYTHONPATH=. python benchmarks/bench_feet.py --json docs/figures/feet_closed_form_session12.json

One torch thread; median of ``--repeats`` runs (the first, warm-up, run dropped).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import platform
import statistics
import time

import torch

from pinnls import Settings, compile_problem, load_problem
from pinnls.numeric.assembly import System
from pinnls.numeric.basis import jvp_only
from pinnls.training import build_basis
from pinnls.training.budget import Budget
from pinnls.training.stages import Stages

PROBLEM = "benchmarks/drift/rotation_diffusion.py"


def timed(function, repeats: int) -> tuple[float, torch.Tensor]:
    """Median wall seconds of ``function()`` over ``repeats`` runs after one warm-up."""
    out = function()
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), out


def _matrix(system: System):
    """The stacked matrix of ``system`` as a function of the basis."""
    return lambda basis: system.assemble(basis)[0]


def apply(function, basis, context) -> torch.Tensor:
    """``function(basis)`` without a graph, inside ``context()``."""
    with torch.no_grad(), context():
        return function(basis)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", required=True)
    parser.add_argument("--widths", type=int, nargs="+", default=[512, 1024])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(1)
    compiled = compile_problem(load_problem(PROBLEM).problem)
    rows = []
    for width in args.widths:
        stages = Stages(compiled, Settings(), None, Budget(None, None))
        sized = stages.sized(width, aligned=1.0)
        settings = Settings(width=width, init_scale=4.0, activation="tanh", aligned=1.0)
        basis = build_basis(sized, settings)
        system = System(sized, torch.float64, "cpu")
        pde = system.terms[0]
        result = {"width": width, "pde_rows": pde.size, "rows": sum(t.size for t in system.terms)}
        for label, context in (("closed_form", contextlib.nullcontext), ("forward_mode", jvp_only)):
            block = functools.partial(apply, pde.block, basis, context)
            whole = functools.partial(apply, _matrix(system), basis, context)
            result[f"{label}_pde_s"], _ = timed(block, args.repeats)
            result[f"{label}_system_s"], result[f"{label}_matrix"] = timed(whole, args.repeats)
        closed, forward = result.pop("closed_form_matrix"), result.pop("forward_mode_matrix")
        result["largest_difference"] = float((closed - forward).abs().max() / forward.abs().max())
        rows.append(result)
        print(json.dumps(result), flush=True)
    with open(args.json, "w") as handle:
        json.dump(
            {
                "command": "PYTHONPATH=. python benchmarks/bench_feet.py --json " + args.json,
                "problem": PROBLEM,
                "machine": platform.platform(),
                "threads": 1,
                "repeats": args.repeats,
                "rows": rows,
            },
            handle,
            indent=1,
        )


if __name__ == "__main__":
    main()
