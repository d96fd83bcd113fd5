"""CPU seconds of an aligned stage on the feet of a variable flow against the RK4 steps of the
march (set by hand), beside the cost model's feet term.

The march of the feet (:class:`pinnls.numeric.characteristic.FootMap`) takes as many RK4 steps
as the flow's Lipschitz constant times the time span asks (``steps_for``, 32 to 1024); the
cost model's :data:`~pinnls.training.cost.FEET_CONSTANT` was fitted where every march took 32
(session 28, which this script measured); since session 29 it is per step, fitted on 32 to
1024. This script solves one probe (tanh, steepness 2, every feature aligned) of a problem
file at a width, once per step count, the fastest of two runs by process CPU time on one thread
(each marching afresh), and prints the stage's seconds, the model without the feet, and the
feet term as planned (:func:`~pinnls.training.cost.feet_stage` at that step count).

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/feet_steps.py FILE --steps 32,256,1024 \\
        [--width 512] [--json docs/figures/NAME.json]
"""

from __future__ import annotations

import argparse
import time
import warnings

import torch
from figures import write_run

import pinnls.numeric.characteristic as characteristic
from pinnls import Settings, compile_problem
from pinnls.symbolic.loader import load_problem
from pinnls.training import cost
from pinnls.training.budget import Budget
from pinnls.training.stages import Stages

REPEATS = 2


def measure(path: str, steps: int, width: int) -> dict:
    """One aligned probe of ``path`` at ``width`` with the feet marched in ``steps`` steps."""
    characteristic.steps_for = lambda velocity, points, span: steps
    compiled = compile_problem(load_problem(path).problem, Settings())
    stages = Stages(compiled, Settings(), None, Budget(None, None))
    problem = stages.sized(width, None, 1.0)
    best = float("inf")
    for _ in range(REPEATS):
        characteristic.MARCHES.clear()  # each repeat marches afresh (session 29 keeps marches)
        began = time.process_time()
        stages.smooth("probe", "tanh", width, 2.0, aligned=1.0)
        best = min(best, time.process_time() - began)
    return {
        "steps": steps,
        "seconds": best,
        "plain_model": cost.smooth_stage(problem, width),
        "feet_model": cost.feet_stage(problem, steps),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--steps", default="32,256,1024")
    parser.add_argument("--width", type=int, default=512)
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    warnings.simplefilter("ignore")  # a probe is not resolved, and says so
    rows = []
    for steps in (int(s) for s in args.steps.split(",")):
        row = measure(args.file, steps, args.width)
        rows.append(row)
        print(
            f"steps {steps:>5}: {row['seconds']:.2f} s; model {row['plain_model']:.2f} s without "
            f"the feet, feet term {row['feet_model']:.2f} s"
        )
    if args.json:
        write_run(
            args.json, "benchmarks/feet_steps.py", file=args.file, width=args.width, rows=rows
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
