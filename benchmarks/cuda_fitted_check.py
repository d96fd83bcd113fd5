"""On CUDA: the residuals that training measured are the assembled ones, and what writing costs.

Solves a problem (default problems/advection_gauss.py) on CUDA with the defaults and a budget,
compares ``Solution.residuals()`` (read from training, ``Solution.fitted``) with the residuals
assembled again, relative to each term's largest residual and in absolute terms, then times
``pinnls.io.stage_results`` (h5 and png). Prints one line per term and one JSON line.

    PYTHONPATH=. python3 benchmarks/cuda_fitted_check.py [PROBLEM] [BUDGET]
"""

from __future__ import annotations

import dataclasses
import json
import sys
import tempfile
import time

import numpy as np


def main() -> None:
    import pinnls
    from pinnls import io

    problem = sys.argv[1] if len(sys.argv) > 1 else "problems/advection_gauss.py"
    budget = float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
    began = time.perf_counter()
    solution = pinnls.solve(problem, device="cuda", budget=budget)
    solved = time.perf_counter()
    assert solution.coefficients.is_cuda
    pieces = solution.slabs or (solution,)
    read = solution.residuals()
    again = {
        name: np.concatenate(
            [dataclasses.replace(p, fitted=None)._own_residuals()[name]["residual"] for p in pieces]
        )
        for name in read
    }
    worst = 0.0
    for name, entry in read.items():
        diff = float(np.abs(entry["residual"] - again[name]).max(initial=0.0))
        size = float(np.abs(again[name]).max(initial=0.0))
        worst = max(worst, diff / max(size, 1e-300))
        print(f"{name}: max |residual| {size:.3e}, max |read - assembled| {diff:.3e}")
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        io.stage_results(solution, out, formats="h5,png")
        written = time.perf_counter() - start
    print(
        json.dumps(
            {
                "problem": problem,
                "budget": budget,
                "fitted": all(p.fitted is not None for p in pieces),
                "width": solution.settings.width,
                "rel_l2": solution.errors()["rel_l2"],
                "solve_s": solved - began,
                "write_h5_png_s": written,
                "worst_relative_difference": worst,
            }
        )
    )


if __name__ == "__main__":
    main()
