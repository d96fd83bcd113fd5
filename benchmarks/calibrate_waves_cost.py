"""Measure the CPU seconds of stages whose features are a system's plane waves solved one column
each, to fit the cost model's factor on their assembly (``pinnls.training.cost.WAVES_ASSEMBLY``).

Such a stage (:mod:`pinnls.numeric.waves`) solves S = w + m columns instead of m (w + 1), but
writes them from every unknown's block of the basis and its derivatives, and its validation
applies one unknown's block at a time: :data:`~pinnls.training.cost.CONSTANTS`, fitted on
stages without that work (``calibrate_cost.py``), charged them 0.59x-0.90x of their CPU time
(docs/benchmarks.md, section 52). This script runs one smooth stage with every feature aligned
(``aligned=1``: clouds sized for the width, assembly, least squares, validation estimate) for
homogeneous first-order systems of 3 to 5 unknowns, records the process CPU time (one thread,
the fastest of two runs) beside the model's terms, and fits the one factor on the assembly term
``D (R + V) S P`` by relative least squares with ``CONSTANTS`` kept (``--fit``), so that no
other plan changes.

    OMP_NUM_THREADS=1 PYTHONPATH=. .venv/bin/python benchmarks/calibrate_waves_cost.py --fit \\
        --json docs/figures/waves_cost.json
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

import numpy as np
import torch
from figures import aligned_stage_rows, machine, write_record

from pinnls.training import cost
from pinnls.training.stages import Stages

ROOT = Path(__file__).resolve().parents[1]
#: (problem file, widths): acoustics, shallow water and Maxwell's TM mode (three unknowns),
#: elastic waves (five).
CASES = [
    ("benchmarks/systems/acoustics_2d.py", (512, 1024, 1536, 2048)),
    ("benchmarks/user31/shallow_water_2d.py", (512, 1024, 1536)),
    ("benchmarks/systems2/maxwell_tm_cavity.py", (512, 1024, 1536)),
    ("benchmarks/systems2/elastic_plane_waves.py", (512, 1024)),
]
REPEATS = 2


def measure(path: str, width: int, stages: Stages) -> dict:
    problem = stages.sized(width, None, 1.0)
    solved = stages._solved(width, 1.0)
    assert solved is not None, f"{path}: no plane waves solved one column each"
    times = []
    for _ in range(REPEATS):
        began = time.process_time()
        stage = stages.smooth("probe", "tanh", width, 2.0, aligned=1.0)
        times.append(time.process_time() - began)
    sizes = cost.features(problem, width, solved)
    a, _, d = cost.CONSTANTS
    factorization, _, assembly = cost.terms(sizes)
    return {
        "problem": path,
        "width": width,
        "rows": problem.rows,
        "features": sizes,
        "seconds": min(times),
        "factorization": a * factorization,
        "assembly": d * assembly,
        "predicted": stages.predict(width, None, 1.0),
        "estimate": stage.estimate,
    }


def fit(rows: list[dict]) -> float:
    """The factor k of ``seconds ~= factorization + k * assembly``, by relative least squares
    (each stage weighted by 1/seconds), at least 1."""
    assembly = np.array([r["assembly"] / r["seconds"] for r in rows])
    rest = np.array([(r["seconds"] - r["factorization"]) / r["seconds"] for r in rows])
    return max(1.0, float(assembly @ rest / (assembly @ assembly)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="fit WAVES_ASSEMBLY and print it")
    parser.add_argument("--json", type=Path, help="write the measurements here")
    args = parser.parse_args()
    torch.set_num_threads(1)
    warnings.simplefilter("ignore")
    rows = aligned_stage_rows(ROOT, CASES, measure)
    factor = fit(rows) if args.fit else cost.WAVES_ASSEMBLY
    print("| problem | width | rows | CPU s | model in code | with the factor |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        fitted = r["factorization"] + factor * r["assembly"]
        print(
            f"| {Path(r['problem']).stem} | {r['width']} | {r['rows']} | {r['seconds']:.2f} | "
            f"{r['predicted'] / r['seconds']:.2f}x | {fitted / r['seconds']:.2f}x |"
        )
    if args.fit:
        print(f"WAVES_ASSEMBLY = {factor:.3g}  (in cost.py: {cost.WAVES_ASSEMBLY:.3g})")
    if args.json:
        data = {
            "command": "OMP_NUM_THREADS=1 PYTHONPATH=. .venv/bin/python "
            "benchmarks/calibrate_waves_cost.py"
            + (" --fit" if args.fit else "")
            + f" --json {args.json}",
            "machine": f"{machine()}, torch {torch.__version__}",
            "factor_in_code": cost.WAVES_ASSEMBLY,
            "fitted": factor if args.fit else None,
            "rows": rows,
        }
        write_record(args.json, data)


if __name__ == "__main__":
    main()
